"""How models are loaded and decoded. The defaults are measured in ``bench/translate_bench.py``.

This is where each translation setting is declared, once: ``service.config.Settings`` reads a
field ``x`` from ``PRECIS_TRANSLATE_X``. Fields marked ``FIXED`` are measured constants, not
settings: they change only here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..setting import FIXED, setting

#: CTranslate2's compute types on a CPU ("default": the package's own)
COMPUTE_TYPES = (
    "default",
    "auto",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


@dataclass(frozen=True)
class TranslateOptions:
    #: CTranslate2 compute type ("default" keeps the package's own, int8 for Argos packages:
    #: int8_float32 on CPU, as good as float32 and about twice as fast)
    compute_type: str = setting("default", choices=COMPUTE_TYPES)
    #: CTranslate2 batches decoded at once per model, one thread each (the weights are shared);
    #: a lone request's sentences are split across them. On the 2-core machine 2 decoded a
    #: 50-sentence article ~1.5x faster than 1 and cost nothing on short texts; with several
    #: workers on the same cores, lower it
    inter_threads: int = setting(2, low=1)
    #: CTranslate2 threads inside one batch (0: CTranslate2 chooses); on the 2-core machine 2
    #: (or 0) was 1.3-1.8x SLOWER than 1, even for a single sentence
    intra_threads: int = setting(1, low=0)
    #: niceness of CTranslate2's decoding threads (0-19; 0: as the rest of the worker). Higher
    #: lets a summary or a probe take a core from decoding at once when both want it, as the
    #: scheduler favours the worker's other threads; decoding keeps every core nothing else asks
    #: for. Linux only (elsewhere ignored)
    nice: int = setting(10, low=0, high=19)
    #: beam width (4: as argostranslate and LibreTranslate)
    beam_size: int = setting(4, low=1)
    #: source tokens in one CTranslate2 batch (padding included); argostranslate's 32 leaves the
    #: batches so small that decoding runs several times slower; 512 and 2048 measured no better
    #: on 50-sentence articles
    batch_tokens: int = setting(1024, low=1)
    #: concurrent requests to one model share CTranslate2 calls (service/translate/batcher.py).
    #: Off: with a lone call split across the inter threads and concurrent calls run side by
    #: side, one shared call at a time measured slower over HTTP at 4 and 16 clients
    #: (bench/concurrency_bench.py)
    cross_request_batching: bool = False
    #: with cross-request batching: most source tokens one shared call gathers (CTranslate2
    #: still cuts it into batches of batch_tokens)
    queue_tokens: int = setting(4096, low=1)
    #: with cross-request batching: milliseconds a shared call waits for more requests (0: takes
    #: only what is queued)
    batch_window_ms: float = setting(0.0, low=0)
    #: argostranslate's value; < 1 favours long hypotheses less than CTranslate2's default 1.0.
    #: Re-measured on FLORES dev zh→en, 997 lines (BLEU / chrF / output length vs reference):
    #: 0.2: 23.22 / 53.52 / 1.004; 0.6: 23.02 / 53.60 / 1.015; 1.0: 22.67 / 53.70 / 1.032.
    #: 0.6 and 1.0 lose BLEU, so 0.2 stays (bench/translate_bench.py --part length-penalty)
    length_penalty: float = field(default=0.2, metadata=FIXED)
    #: cut a call that fits one batch into inter_threads parts run in parallel (LoadedModel)
    split_small_calls: bool = field(default=True, metadata=FIXED)
    #: source tokens above which a sentence is cut at clause boundaries before translation and
    #: its pieces' translations joined back (cut.py, engine.translate_cut). On FLORES dev lines
    #: joined into one long sentence (bench/translate_bench.py --part long --limit 360), chrF of
    #: whole units falls past 128 tokens (97-128: 55.47, 129-192: 53.32); cutting above 96 never
    #: lost on any joined set (3 lines: 54.59 -> 54.65, 4: 54.03 -> 54.76, 6: 53.57 -> 55.86),
    #: cutting above 64 did (3 lines: 54.34), above 128 gained less (4: 54.37, 6: 55.55)
    max_unit_tokens: int = field(default=96, metadata=FIXED)
    #: source tokens kept per sentence; a longer "sentence" (text without punctuation) is cut
    #: and its result flagged truncated
    max_input_tokens: int = field(default=1024, metadata=FIXED)
    #: the decoding length cap is ``base + ratio * input tokens`` (never above
    #: ``max_decoding_length``): a repetition loop stops soon after the input is used up
    decode_length_base: int = field(default=16, metadata=FIXED)
    decode_length_ratio: float = field(default=2.0, metadata=FIXED)
    max_decoding_length: int = field(default=512, metadata=FIXED)
    #: CTranslate2 anti-repetition knobs, off (1.0 and 0 disable them): on FLORES zh→en they
    #: did not improve BLEU/chrF (bench/translate_bench.py); the length cap bounds loops instead
    repetition_penalty: float = field(default=1.0, metadata=FIXED)
    no_repeat_ngram_size: int = field(default=0, metadata=FIXED)
    #: copy the source token with the highest attention over an <unk> (argostranslate does)
    replace_unknowns: bool = field(default=True, metadata=FIXED)

    def decoding_cap(self, input_tokens: int) -> int:
        """Largest number of target tokens (end token included) for an input this long."""
        relative = self.decode_length_base + int(self.decode_length_ratio * input_tokens + 0.5)
        return max(1, min(self.max_decoding_length, relative))
