"""How models are loaded and decoded. The defaults are measured in ``bench/translate_bench.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TranslateOptions:
    #: CTranslate2 compute type; "default" keeps the precision the package stores (int8 weights
    #: in Argos packages: int8_float32 on CPU), as good as float32 and about twice as fast
    compute_type: str = "default"
    #: batches decoded in parallel, one thread each (the weights are shared). On the 2-core
    #: machine 2 decoded a 50-sentence article ~1.5x faster than 1, and cost nothing on short
    #: texts; with several workers on the same cores, lower it
    inter_threads: int = 2
    #: threads inside one batch's computation. 1: on the 2-core machine 2 (or 0, CTranslate2's
    #: choice) was 1.3-1.8x SLOWER, even for a single sentence
    intra_threads: int = 1
    #: beam width; 4 is what argostranslate (and so LibreTranslate) uses
    beam_size: int = 4
    #: argostranslate's value; < 1 favours shorter hypotheses less than the CTranslate2 default
    length_penalty: float = 0.2
    #: token budget of one batch (source tokens including padding); argostranslate's 32 leaves
    #: the batches so small that decoding runs several times slower; 512 and 2048 measured no
    #: better on 50-sentence articles
    max_batch_tokens: int = 1024
    #: cut a call that fits one batch into inter_threads parts run in parallel (LoadedModel)
    split_small_calls: bool = True
    #: share translate_batch calls between concurrent requests (service/translate/batcher.py).
    #: Off: with a lone call split across the inter threads and concurrent calls run side by
    #: side, one shared call at a time measured slower over HTTP at 4 and 16 clients
    #: (bench/concurrency_bench.py)
    cross_request_batching: bool = False
    #: most source tokens one shared call gathers from the queue (CTranslate2 still cuts it into
    #: batches of max_batch_tokens)
    queue_tokens: int = 4096
    #: seconds the batcher waits for more requests before a call (0: only what is queued)
    batch_window: float = 0.0
    #: source tokens kept per sentence; a longer "sentence" (text without punctuation) is cut
    #: and its result flagged truncated
    max_input_tokens: int = 1024
    #: the decoding length cap is ``base + ratio * input tokens`` (never above
    #: ``max_decoding_length``): a repetition loop stops soon after the input is used up
    decode_length_base: int = 16
    decode_length_ratio: float = 2.0
    max_decoding_length: int = 512
    #: CTranslate2 anti-repetition knobs, off (1.0 and 0 disable them): on FLORES zh→en they
    #: did not improve BLEU/chrF (bench/translate_bench.py); the length cap bounds loops instead
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    #: copy the source token with the highest attention over an <unk> (argostranslate does)
    replace_unknowns: bool = True

    def decoding_cap(self, input_tokens: int) -> int:
        """Largest number of target tokens (end token included) for an input this long."""
        relative = self.decode_length_base + int(self.decode_length_ratio * input_tokens + 0.5)
        return max(1, min(self.max_decoding_length, relative))
