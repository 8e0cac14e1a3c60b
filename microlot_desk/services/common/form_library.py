"""The cupping forms available to this installation: the built-in templates shipped in
resources/forms, plus a lab's own template files from a directory the user chose.

Template files are untrusted input (a lab's file may come by mail), so they are parsed with
strict_json (no duplicate keys, no NaN, size capped) and checked by the domain's
parse_template. A bad file raises TemplateFileError naming the file and the reason code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from microlot_desk.domain.cupping import FormTemplate, TemplateError, parse_template
from microlot_desk.domain.strict_json import JsonInputError, loads_strict
from microlot_desk.errors import InputFileRefused
from microlot_desk.user_files import read_user_file

BUILTIN_FORMS_DIR = Path(__file__).resolve().parents[3] / "resources" / "forms"
MAX_TEMPLATE_BYTES = 1024 * 1024  # the largest built-in form is under 10 kB
MAX_TEMPLATE_DEPTH = 16
MAX_LAB_FILES = 200


class TemplateFileError(ValueError):
    """A template file could not be used.

    `file` is the file (or directory), `reason` a code: unreadable, too_many_files,
    duplicate_id, one of strict_json's codes (syntax, duplicate_key, not_a_number, too_large,
    too_deep, not_utf8) or one of TemplateError's; `path` locates the element inside the
    template (empty for whole-file problems), `detail` the specifics.
    """

    def __init__(self, file: Path, reason: str, path: str = "", detail: str = "") -> None:
        where = f"{file}:{path}" if path else str(file)
        super().__init__(f"{where}: {reason}" + (f" ({detail})" if detail else ""))
        self.file = file
        self.reason = reason
        self.path = path
        self.detail = detail


class UnknownFormError(KeyError):
    """No template with this id (and version) is in the library."""

    def __init__(self, template_id: str, version: int | None = None) -> None:
        super().__init__(template_id if version is None else f"{template_id} v{version}")
        self.template_id = template_id
        self.version = version


@dataclass(frozen=True)
class LibraryEntry:
    """A template and where it came from."""

    template: FormTemplate
    file: Path
    builtin: bool


@dataclass(frozen=True)
class FormLibrary:
    """Templates by id and version. `rejected` lists lab files skipped when loading was asked
    to skip bad lab files instead of raising."""

    entries: tuple[LibraryEntry, ...]
    rejected: tuple[TemplateFileError, ...] = ()

    @property
    def templates(self) -> tuple[FormTemplate, ...]:
        """Every template, built-in first, then lab templates, each group by file name."""
        return tuple(entry.template for entry in self.entries)

    def ids(self) -> tuple[str, ...]:
        """Distinct template ids, in library order."""
        return tuple(dict.fromkeys(entry.template.id for entry in self.entries))

    def get(self, template_id: str, version: int | None = None) -> FormTemplate:
        """The template with this id: the given version, or the highest one when None.

        A stored sheet names the version it was scored with, so it can always be re-read
        against the same form even after a lab publishes a newer version.
        """
        matches = [e.template for e in self.entries if e.template.id == template_id]
        if version is not None:
            matches = [t for t in matches if t.version == version]
        if not matches:
            raise UnknownFormError(template_id, version)
        return max(matches, key=lambda template: template.version)


def load_template_file(file: Path) -> FormTemplate:
    """Read and check one template file; TemplateFileError naming the file when it is bad."""
    try:
        data = read_user_file(file, max_bytes=MAX_TEMPLATE_BYTES)
    except InputFileRefused as refused:
        reason = str(refused.params["reason"])
        if reason == "link":
            raise TemplateFileError(file, "link", detail=str(refused.params["target"])) from None
        if reason == "too_large":
            raise TemplateFileError(file, "too_large", detail=str(MAX_TEMPLATE_BYTES)) from None
        detail = str(refused.params.get("detail", ""))
        unreadable = "unreadable" if reason in ("unreadable", "not_found") else "not_a_file"
        raise TemplateFileError(file, unreadable, detail=detail) from None
    try:
        return parse_template(
            loads_strict(data, max_bytes=MAX_TEMPLATE_BYTES, max_depth=MAX_TEMPLATE_DEPTH)
        )
    except JsonInputError as error:
        raise TemplateFileError(file, error.reason, detail=error.detail) from error
    except TemplateError as error:
        raise TemplateFileError(file, error.reason, error.path, error.detail) from error


def load_form_library(
    lab_dir: Path | None = None,
    *,
    skip_bad_lab_files: bool = False,
    builtin_dir: Path = BUILTIN_FORMS_DIR,
) -> FormLibrary:
    """The built-in templates plus every *.json in lab_dir (not recursive).

    A bad built-in file always raises: it is a packaging bug. A bad lab file raises too,
    unless skip_bad_lab_files, in which case it is listed in `rejected` and the rest load.
    A lab template may not reuse a built-in id (a lab's "sca-2004" would silently change how
    sheets are read), nor repeat an id and version already loaded: duplicate_id.
    """
    entries = [
        LibraryEntry(load_template_file(file), file, builtin=True)
        for file in _json_files(builtin_dir)
    ]
    _check_duplicates(entries)
    builtin_ids = {entry.template.id for entry in entries}
    rejected: list[TemplateFileError] = []
    lab_files = _json_files(lab_dir) if lab_dir is not None else []
    if len(lab_files) > MAX_LAB_FILES and lab_dir is not None:
        raise TemplateFileError(lab_dir, "too_many_files", detail=str(MAX_LAB_FILES))
    for file in lab_files:
        try:
            template = load_template_file(file)
            taken = {(e.template.id, e.template.version) for e in entries}
            if template.id in builtin_ids or (template.id, template.version) in taken:
                raise TemplateFileError(file, "duplicate_id", "id", template.id)
            entries.append(LibraryEntry(template, file, builtin=False))
        except TemplateFileError as error:
            if not skip_bad_lab_files:
                raise
            rejected.append(error)
    return FormLibrary(tuple(entries), tuple(rejected))


def _json_files(directory: Path) -> list[Path]:
    try:
        return sorted(path for path in directory.iterdir() if path.suffix == ".json")
    except OSError as error:
        raise TemplateFileError(directory, "unreadable", detail=error.strerror or "") from error


def _check_duplicates(entries: list[LibraryEntry]) -> None:
    seen: set[tuple[str, int]] = set()
    for entry in entries:
        identity = (entry.template.id, entry.template.version)
        if identity in seen:
            raise TemplateFileError(entry.file, "duplicate_id", "id", entry.template.id)
        seen.add(identity)
