"""The command line: summaries, translations and language detection of files, folders or JSON
lines, without a server (``python -m service --help``).

    python -m service summarize article.txt --sentences 2
    python -m service translate --to en,uk articles/ --format text
    printf '%s\\n' '{"text": "Добрий день!"}' | python -m service detect -

Each input is the body the API would get. A file (``.html``/``.htm``: ``format: html``; for
``detect``, which reads plain text, the text of the markup), or
each ``.txt``, ``.md``, ``.html`` and ``.htm`` file of a folder (recursively, in name order,
hidden ones skipped), is the ``text``; the options are the other fields. ``-`` reads standard
input as JSON lines, each a body of the API route, whose fields win over the options. The
API's parser checks each body (``api/requests.py``), the same domain calls answer it and its
renderer (``api/responses.py``) writes the answer, so a result here is the route's answer.

``--format json`` (the default) writes one JSON object per input and line, ``{"input": ...,
"result": answer}`` or ``{"input": ..., "error": problem}`` (the API's RFC 9457 problem); ``text``
writes the summary, the translation(s) or the language, with a ``==> input <==`` line before
each when there are several, and errors on standard error. A progress bar goes to standard
error when it is a terminal and the run is long (more than one input, or a text over
``LONG_TEXT`` characters).

Exit codes, for scripts: 0 every input answered; 1 some input failed (each error is reported,
the others are answered); 2 a usage error (an unknown option or value, a path that does not
exist, a ``PRECIS_*`` setting out of range), nothing done; 130 interrupted; 141 the output was
closed early (``| head``), as a process killed by SIGPIPE reports it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from .config import Settings
from .errors import ServiceError
from .markup import HTML, plain_text
from .runtime import Runtime
from .summarize import DEFAULT_METHOD, METHODS
from .text.detect import LanguageDetector
from .text.languages import SUPPORTED_CODES
from .translate import Engine

OK, FAILED, USAGE, INTERRUPTED, BROKEN_PIPE = 0, 1, 2, 130, 141
#: a folder's files that are read (others, such as images, are skipped)
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
#: a text this long (in characters) is worth a progress bar on its own
LONG_TEXT = 20_000
STDIN = "-"

Answer = Callable[[Runtime, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Input:
    #: how the input is named in the output: its path, or ``-:N`` for line N of stdin
    name: str
    #: the API body; None when the input could not be read
    body: dict[str, Any] | None
    #: why it could not be read (a problem, as the API would answer it)
    error: dict[str, Any] | None = None


# --- the answers: the API's parser, domain calls and renderer -----------------------------


def summarize_answer(rt: Runtime, body: dict[str, Any]) -> dict[str, Any]:
    from .api.answers import summary_answer
    from .api.requests import parse_summarize

    return summary_answer(rt, parse_summarize(body, rt.settings))


def translate_answer(rt: Runtime, body: dict[str, Any]) -> dict[str, Any]:
    from .api.answers import translation_answer
    from .api.requests import parse_translate

    return translation_answer(rt, parse_translate(body, rt.settings, rt.languages()))


def detect_answer(rt: Runtime, body: dict[str, Any]) -> dict[str, Any]:
    from .api.answers import detection_answer
    from .api.requests import parse_detect

    return detection_answer(rt, parse_detect(body, rt.settings))


ANSWERS: dict[str, Answer] = {
    "summarize": summarize_answer,
    "translate": translate_answer,
    "detect": detect_answer,
}


# --- the command line -----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m service",
        description="Summarize, translate or detect the language of files, folders or JSON "
        "lines (-), offline. Exit codes: 0 all answered, 1 some input failed, 2 usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    summarize_cmd = commands.add_parser("summarize", help="extractive summaries")
    summarize_cmd.add_argument("--method", choices=list(METHODS), help=f"default: {DEFAULT_METHOD}")
    length = summarize_cmd.add_mutually_exclusive_group()
    length.add_argument(
        "--sentences",
        type=int,
        help="sentences in the summary (default: PRECIS_DEFAULT_SUMMARY_SENTENCES)",
    )
    length.add_argument("--ratio", type=float, help="a share of the sentences, 0 < r <= 1")
    length.add_argument("--max-chars", type=int, help="most characters of the summary")
    summarize_cmd.add_argument(
        "--language", choices=["auto", *SUPPORTED_CODES], help="default: auto"
    )
    translate_cmd = commands.add_parser("translate", help="translations")
    translate_cmd.add_argument("--to", help="target languages, comma-separated, e.g. en,uk")
    translate_cmd.add_argument("--from", dest="source", help="source language (default: auto)")
    translate_cmd.add_argument(
        "--partial", action="store_true", help="answer the targets that can be, list the others"
    )
    detect_cmd = commands.add_parser("detect", help="language detection")
    for command in (summarize_cmd, translate_cmd, detect_cmd):
        command.add_argument(
            "inputs", nargs="+", metavar="INPUT", help="a file, a folder, or - (JSON lines)"
        )
        command.add_argument(
            "--format",
            choices=["json", "text"],
            default="json",
            help="a JSON line per input (default), or the text of each answer",
        )
        command.set_defaults(usage=command)  # its errors show its own usage line
        if command is not detect_cmd:
            command.add_argument(
                "--html", action="store_true", help="the files are HTML (default: by suffix)"
            )
    return parser


def options_body(args: argparse.Namespace) -> dict[str, Any]:
    """The API fields the options give (those not given are left to the API's defaults)."""
    fields = {
        "method": getattr(args, "method", None),
        "sentences": getattr(args, "sentences", None),
        "ratio": getattr(args, "ratio", None),
        "max_chars": getattr(args, "max_chars", None),
        "language": getattr(args, "language", None),
        "source": getattr(args, "source", None),
        "partial": getattr(args, "partial", None) or None,
        "targets": [c.strip() for c in args.to.split(",") if c.strip()]
        if getattr(args, "to", None)
        else None,
        "format": HTML if getattr(args, "html", False) else None,
    }
    return {name: value for name, value in fields.items() if value is not None}


def files_of(path: Path) -> list[Path]:
    """``path`` itself, or a folder's text files, recursively, in name order."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in TEXT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def file_input(command: str, path: Path, options: dict[str, Any]) -> Input:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Input(str(path), None, unreadable(f"{path} cannot be read as UTF-8 text: {exc}"))
    body = {**options, "text": text}
    if path.suffix.lower() in HTML_SUFFIXES:
        if command == "detect":  # /v1/detect reads plain text: the markup's text, then
            body["text"] = plain_text(text, HTML).text
        else:
            body.setdefault("format", HTML)
    return Input(str(path), body)


def stdin_inputs(stream: TextIO, options: dict[str, Any]) -> Iterator[Input]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        name = f"{STDIN}:{number}"
        try:
            body = json.loads(line)
        except ValueError:
            yield Input(name, None, unreadable("The line is not valid JSON."))
            continue
        if not isinstance(body, dict):
            yield Input(name, None, unreadable("The line must be a JSON object."))
            continue
        yield Input(name, merged(options, body))


#: fields of which a body gives one: a line that gives one overrides the option that gives another
ALTERNATIVES = (("sentences", "ratio", "max_chars"), ("target", "targets"))


def merged(options: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """A stdin line's body over the options: its fields win, including over an alternative
    (a line's ``ratio`` replaces ``--sentences``, its ``target`` replaces ``--to``)."""
    kept = dict(options)
    for group in ALTERNATIVES:
        if any(name in body for name in group):
            for name in group:
                kept.pop(name, None)
    return {**kept, **body}


def unreadable(detail: str) -> dict[str, Any]:
    return {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": detail}


def problem_of(exc: ServiceError) -> dict[str, Any]:
    """The API's problem body for ``exc`` (its status and type from ``api/problems.py``)."""
    from .api.problems import TYPE_PREFIX, kind_of

    status, slug = kind_of(type(exc))
    body = {"type": TYPE_PREFIX + slug, "title": exc.title, "status": status, "detail": exc.detail}
    body.update({k: v for k, v in (("field", exc.field), ("allowed", exc.allowed)) if v})
    return body


def text_of(command: str, result: dict[str, Any]) -> str:
    """What ``--format text`` writes for an answer."""
    if command == "summarize":
        return str(result["summary"])
    if command == "detect":
        return f"{result['language']}\t{result['confidence']:.3f}"
    translations = result["translations"]
    parts = []
    for translation in translations:
        text = translation["text"]
        text = "\n".join(text) if isinstance(text, list) else text
        parts.append(text if len(translations) == 1 else f"[{translation['target']}]\n{text}")
    return "\n".join(parts)


def load_runtime(command: str, settings: Settings) -> Runtime:
    """What the command needs: translation loads the installed models, the others do not."""
    if command == "translate":
        return Runtime.load(settings)
    return Runtime(
        settings, LanguageDetector(min_confidence=settings.detect_min_confidence), Engine([])
    )


def run(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    options = options_body(args)
    paths = [Path(p) for p in args.inputs if p != STDIN]
    for path in paths:
        if not path.exists():
            args.usage.error(f"{path}: no such file or folder")
    if args.command == "translate" and paths and "targets" not in options:
        args.usage.error("translating files needs --to (target languages, e.g. --to en,uk)")
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        print(f"precis: configuration error: {exc}", file=sys.stderr)
        return USAGE
    files = {p: files_of(p) for p in paths}
    for path, found in files.items():
        if not found:
            args.usage.error(f"{path}: no {', '.join(TEXT_SUFFIXES)} file in this folder")
    inputs = gather(args.command, args.inputs, files, options, stdin)
    count = None if STDIN in args.inputs else sum(len(f) for f in files.values())
    rt = load_runtime(args.command, settings)
    return answer_all(rt, args.command, args.format, inputs, count)


def gather(
    command: str,
    names: Sequence[str],
    files: dict[Path, list[Path]],
    options: dict[str, Any],
    stdin: TextIO,
) -> Iterator[Input]:
    for name in names:
        if name == STDIN:
            yield from stdin_inputs(stdin, options)
        else:
            for path in files[Path(name)]:
                yield file_input(command, path, options)


def answer_all(
    rt: Runtime, command: str, out_format: str, inputs: Iterable[Input], count: int | None
) -> int:
    """Answer every input, writing each result as it comes; the exit code."""
    answer = ANSWERS[command]
    failed = 0
    if count == 1:
        inputs = list(inputs)
    show = sys.stderr.isatty() and (count != 1 or any(is_long(item) for item in inputs))
    with tqdm(total=count, file=sys.stderr, unit="input", disable=not show) as bar, ticking(bar):
        for done, item in enumerate(inputs):
            result, error = item.body, item.error
            if error is None and item.body is not None:
                try:
                    result, error = answer(rt, item.body), None
                except ServiceError as exc:
                    result, error = None, problem_of(exc)
            failed += error is not None
            # several inputs in text: each under its name, as head(1) does
            gap = "\n" if done else ""
            header = "" if count == 1 else f"{gap}==> {item.name} <==\n"
            write(command, out_format, item.name, result=result, error=error, header=header)
            bar.update()
    return FAILED if failed else OK


def is_long(item: Input) -> bool:
    text = (item.body or {}).get("text")
    return isinstance(text, str) and len(text) > LONG_TEXT


@contextmanager
def ticking(bar: Any, seconds: float = 1.0) -> Iterator[None]:
    """Redraw ``bar`` every ``seconds`` while the block runs, so its elapsed time moves during
    one long input too (tqdm redraws only when it advances)."""
    if bar.disable:
        yield
        return
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(seconds):
            bar.refresh()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def write(
    command: str,
    out_format: str,
    name: str,
    *,
    result: dict[str, Any] | None,
    error: dict[str, Any] | None,
    header: str,
) -> None:
    """One input's answer, or its error; ``header`` goes before a text answer."""
    if out_format == "json":
        record = {"input": name, "error": error} if error else {"input": name, "result": result}
        line = json.dumps(record, ensure_ascii=False)
        tqdm.write(line, file=sys.stdout)
        return
    if error is not None:
        tqdm.write(f"{name}: error {error['status']}: {error['detail']}", file=sys.stderr)
        return
    assert result is not None
    tqdm.write(header + text_of(command, result), file=sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except KeyboardInterrupt:
        print("precis: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # the reader left (``| head``): no traceback, and no second error when Python flushes
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
