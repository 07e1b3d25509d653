"""Text processing shared by every feature: languages, sentences, words, detection."""
