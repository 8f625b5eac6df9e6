"""Stage 1: YAML files → records, keeping file and line for every field.

PyYAML's SafeLoader is used (never `yaml.load`): tags such as `!!python/object` are
rejected.  Two things PyYAML does not do on its own are added here: duplicate keys are
reported (PyYAML silently keeps the last one) and every mapping remembers its line.
Hostile or broken input ends in a `Problem`, never an exception: values the constructor
cannot read (`2020-13-45`, a 5000-digit integer, `!!int nope`), nesting deeper than
`MAX_DEPTH`, and aliases expanding to far more values than the text holds ("billion
laughs").  libyaml's composer recurses in C, so it runs on a thread with a large stack.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix it."""

    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        what = ".".join(p for p in (self.record, self.field) if p)
        return f"{where}: {what}: {self.message}" if what else f"{where}: {self.message}"


_EXPECTED = {
    "int": "a whole number of at most 4300 digits",
    "float": "a number",
    "bool": "true or false",
    "timestamp": 'a real calendar date such as 2020-10-22 (write dates in quotes: "2020-10-22")',
}


class Mapping(dict):
    """A dict that remembers the line of the mapping and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


@dataclass
class Record:
    """One curated record: an entity, an agreement, a policy, an observation…"""

    id: str
    type: str
    data: Mapping
    file: str
    line: int
    meta: dict[str, Any] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """The line where `key` is written, or the record's own line."""
        return self.data.key_lines.get(key, self.line)

    def problem(self, key: str, message: str, line: int | None = None) -> Problem:
        """A Problem located at this record's field `key`."""
        return Problem(self.file, line or self.line_of(key), self.id, key, message)


# libyaml's parser (C) is ~10× faster than PyYAML's pure-Python one.  The composed node
# tree is then turned into Python values here rather than by PyYAML's generic constructor
# (another ~3× at 100k records): plain strings directly, every other scalar through the
# SafeConstructor, so unknown tags such as !!python/object are still refused.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
MAX_DEPTH = 64  # the fact format nests ~5 deep
# libyaml's composer needs ~250 bytes of C stack per nesting level and segfaults when it
# runs out (the main thread's 8 MB overflow near 35 000 levels): it runs on a thread with
# _STACK bytes (reserved, committed only when used), enough for _SAFE_NESTING levels.
_STACK = 512 * 1024 * 1024
_SAFE_NESTING = 1_000_000
_BRACKETS = re.compile(r"[\[\]{}]")
_CONSTRUCT_ERRORS = (ValueError, OverflowError, KeyError, AttributeError, TypeError, IndexError)


class _TooMuch(Exception):
    """Nesting or alias expansion past the limits (turned into one Problem)."""


class _Loader(_BaseLoader):
    """SafeLoader that records lines and reports duplicate keys instead of hiding them."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.problems: list[Problem] = []
        # Without aliases a document has fewer nodes than 4 × its characters.
        self.budget = 4 * len(stream) + 1000

    def _construct(self, node: yaml.Node) -> Any:
        """A non-string value through the SafeConstructor; unreadable ones become Problems."""
        try:
            return self.construct_object(node, deep=True)
        except _CONSTRUCT_ERRORS as exc:
            text = node.value if isinstance(node.value, str) else node.tag
            kind = node.tag.rsplit(":", 1)[-1]
            # Our words for what was expected: the constructor's own are Python internals.
            expected = _EXPECTED.get(kind, str(exc))
            self.problems.append(
                Problem(self.file, node.start_mark.line + 1, "", "",
                        f"cannot read {text[:40]!r} as {kind}: expected {expected}")
            )  # fmt: skip
            return text

    def value(self, node: yaml.Node, depth: int = 0) -> Any:
        """The Python value of a composed node (mappings become `Mapping`)."""
        self.budget -= 1
        if self.budget < 0:
            raise _TooMuch("aliases expand to far more values than the file holds")
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR else self._construct(node)
        if depth >= MAX_DEPTH:
            raise _TooMuch(
                f"nested more than {MAX_DEPTH} levels deep (line {node.start_mark.line + 1})"
            )
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self._construct(node)
            return [self.value(item, depth + 1) for item in node.value]
        if node.tag != "tag:yaml.org,2002:map":
            return self._construct(node)
        self.flatten_mapping(node)
        self.budget -= len(node.value)
        mapping = Mapping()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        first_problem = len(self.problems)
        for key_node, value_node in node.value:
            key = self.value(key_node, depth + 1)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                self.problems.append(Problem(self.file, line, "", str(key), "keys must be text"))
                key = str(key)
            if key in mapping:
                first = mapping.key_lines[key]
                self.problems.append(
                    Problem(
                        self.file, line, "", key, f"duplicate key (first written on line {first})"
                    )
                )
                continue
            mapping[key] = self.value(value_node, depth + 1)
            mapping.key_lines[key] = line
        if len(self.problems) > first_problem:
            self._attribute(first_problem, mapping)
        return mapping

    def _attribute(self, start: int, mapping: Mapping) -> None:
        """Name the record (`id`) in the problems found inside it that name none yet."""
        rid = mapping.get("id")
        if not isinstance(rid, str) or not rid:
            return
        self.problems[start:] = [
            replace(p, record=rid) if not p.record else p for p in self.problems[start:]
        ]


def _nesting_bound(text: str) -> int:
    """An upper bound on how deeply `text` can nest in block style (cheap)."""
    if len(text) < _SAFE_NESTING:
        return len(text)
    longest = max(map(len, text.splitlines()), default=0)
    # Flow collections open with a bracket; block ones need indentation or "- " / "? ".
    return text.count("[") + text.count("{") + 2 * longest + 2


def _flow_depth(text: str) -> int:
    """How deeply brackets nest in `text`, ignoring quoting (so at least the flow depth)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def _too_deep(text: str) -> bool:
    """Does `text` nest past MAX_DEPTH?  From the parser's events, stopping at the limit.

    libyaml's scanner takes quadratic time in the flow depth, so this stops as soon as the
    limit is passed instead of reading on.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def _compose(loader: _Loader, text: str) -> yaml.Node | None:
    """`loader.get_single_node()` on a thread whose stack holds any nesting we let through."""
    suspect = _flow_depth(text) > MAX_DEPTH or _nesting_bound(text) >= _SAFE_NESTING
    if suspect and _too_deep(text):
        raise _TooMuch(f"nested more than {MAX_DEPTH} levels deep")
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(("ok", loader.get_single_node()))
        except BaseException as exc:  # re-raised in the caller's thread
            box.append(("error", exc))

    with _STACK_LOCK:
        previous = threading.stack_size(_STACK)
        try:
            thread = threading.Thread(target=run, name="gskg-yaml")
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    status, result = box[0]
    if status == "error":
        raise result
    return result


_STACK_LOCK = threading.Lock()


def parse_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return (value, problems).  Never raises on bad input."""
    loader = _Loader(text, file)
    try:
        node = _compose(loader, text)
        value = loader.value(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if "tab" in str(exc.problem) or r"'\t'" in str(exc.problem):
            message += " (tabs are not allowed for indentation; use spaces)"
        return None, [Problem(file, line, "", "", f"malformed YAML: {message}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, "", "", f"malformed YAML: {exc}")]
    except (_TooMuch, RecursionError) as exc:
        return None, [Problem(file, 1, "", "", f"refused YAML: {exc or 'nested too deeply'}")]
    finally:
        loader.dispose()
    return value, loader.problems


def records_from(value: Any, file: str) -> tuple[list[Record], list[Problem]]:
    """Turn one file's parsed value (a list of mappings) into records."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [
            Problem(file, 1, "", "", "expected a list of records (each starting with '- id:')")
        ]
    records, problems = [], []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            problems.append(Problem(file, 1, f"#{index + 1}", "", "expected a record (a mapping)"))
            continue
        rid = item.get("id")
        rtype = item.get("type")
        label = rid if isinstance(rid, str) else f"#{index + 1}"
        if not isinstance(rid, str) or not rid:
            problems.append(Problem(file, item.line, label, "id", "missing required field"))
            continue
        if not isinstance(rtype, str) or not rtype:
            problems.append(Problem(file, item.line, label, "type", "missing required field"))
            continue
        records.append(Record(rid, rtype, item, file, item.line))
    return records, problems


def load_file(path: Path) -> tuple[list[Record], list[Problem]]:
    """Load one YAML file of records."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [], [Problem(name, 1, "", "", f"not UTF-8 text: {exc}")]
    value, problems = parse_yaml(text, name)
    if value is None and problems:
        return [], problems
    records, more = records_from(value, name)
    return records, problems + more


# Above this much YAML, files are parsed in parallel processes (parsing is CPU-bound
# Python; below it, starting the processes costs more than it saves).
PARALLEL_BYTES = 4_000_000


def load_data(data_dir: Path) -> tuple[list[Record], list[Problem]]:
    """Load every `*.yaml` file of `data_dir` (sorted by name) into records.

    Returns all records that could be read and every problem met; a file with a YAML
    error contributes its problem and no records.
    """
    files = sorted(data_dir.glob("*.yaml"))
    if not files:
        return [], [Problem(str(data_dir), 0, "", "", "no *.yaml files found")]
    workers = min(len(files), os.cpu_count() or 1)
    if workers > 1 and sum(f.stat().st_size for f in files) > PARALLEL_BYTES:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = list(pool.map(load_file, files))
    else:
        results = [load_file(f) for f in files]
    records = [r for got, _ in results for r in got]
    problems = [p for _, found in results for p in found]
    return records, problems
