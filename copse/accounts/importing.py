"""Import staff from the HR system's CSV export.

The file names its columns in a header row: `email` and `name` are required; `job title`, `department`,
`job family` and `service area` are optional, and a column that is left out leaves that detail unchanged for
people who already exist. Each person is matched by email address, so running the same file twice changes
nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Generic, Literal, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from copse.core.text import escape_for_terminal, has_forbidden_characters

from .models import Department, JobFamily, Person, ServiceArea, User

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in the file) as the import goes along."""
Outcome = Literal["created", "updated", "unchanged"]

COLUMNS = ("email", "name", "job title", "department", "job family", "service area")
REQUIRED_COLUMNS = ("email", "name")
DEACTIVATE_BATCH = 500


def _max_length(model: type[models.Model], name: str) -> int:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field) and model_field.max_length is not None
    return model_field.max_length


# What each column is called in messages, and the longest value the database keeps for it.
LIMITS: dict[str, tuple[str, int]] = {
    "email": ("email address", _max_length(User, "email")),
    "name": ("name", _max_length(User, "name")),
    "job title": ("job title", _max_length(Person, "job_title")),
    "department": ("department", _max_length(Department, "name")),
    "job family": ("job family", _max_length(JobFamily, "name")),
    "service area": ("service area", _max_length(ServiceArea, "name")),
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported, so nothing was written. The message says why."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    """What an import did: people created, updated, left alone and deactivated, and the rows it refused."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"rejected {len(self.rejected)}, deactivated {self.deactivated}."
        )


@dataclass(frozen=True)
class StaffRow:
    """One good row. An optional detail is None when its column is not in the file: leave it as it is."""

    line: int
    email: str
    name: str
    job_title: str | None
    department: str | None
    job_family: str | None
    service_area: str | None


Named = TypeVar("Named", Department, JobFamily, ServiceArea)


class _ByName(Generic[Named]):
    """Departments, job families or service areas by name (exact, else ignoring case), created on demand."""

    def __init__(self, objects: Iterable[Named], create: Callable[[str], Named]) -> None:
        self._exact: dict[str, Named] = {}
        self._folded: dict[str, Named] = {}
        self._create: Callable[[str], Named] = create
        self._created_in_row: list[Named] = []
        for obj in objects:
            self._remember(obj)

    def _remember(self, obj: Named) -> None:
        self._exact.setdefault(obj.name, obj)
        self._folded.setdefault(obj.name.casefold(), obj)

    def find(self, name: str) -> Named | None:
        return self._exact.get(name) or self._folded.get(name.casefold())

    def matches(self, current_id: int | None, name: str) -> bool:
        if not name:
            return current_id is None
        found = self.find(name)
        return found is not None and found.pk == current_id

    def get_or_create(self, name: str) -> Named:
        found = self.find(name)
        if found is None:
            found = self._create(name)
            self._remember(found)
            self._created_in_row.append(found)
        return found

    def start_row(self) -> None:
        self._created_in_row = []

    def forget_row(self) -> None:
        """After a row is rolled back, forget what it created, so a later row creates it again."""
        for obj in self._created_in_row:
            if self._exact.get(obj.name) is obj:
                del self._exact[obj.name]
            if self._folded.get(obj.name.casefold()) is obj:
                del self._folded[obj.name.casefold()]
        self._created_in_row = []


def _create_department(name: str) -> Department:
    return Department.objects.create(name=name)


def _create_job_family(name: str) -> JobFamily:
    return JobFamily.objects.create(name=name)


def _create_service_area(name: str) -> ServiceArea:
    base = slugify(name)[:100] or "service-area"
    slug, n = base, 2
    while ServiceArea.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return ServiceArea.objects.create(name=name, slug=slug)


@dataclass
class _References:
    departments: _ByName[Department]
    job_families: _ByName[JobFamily]
    service_areas: _ByName[ServiceArea]

    @classmethod
    def load(cls) -> _References:
        return cls(
            departments=_ByName(Department.objects.order_by("pk"), _create_department),
            job_families=_ByName(JobFamily.objects.order_by("pk"), _create_job_family),
            service_areas=_ByName(ServiceArea.objects.order_by("pk"), _create_service_area),
        )

    def start_row(self) -> None:
        for lookup in (self.departments, self.job_families, self.service_areas):
            lookup.start_row()

    def forget_row(self) -> None:
        for lookup in (self.departments, self.job_families, self.service_areas):
            lookup.forget_row()


def import_staff(
    rows_file: IO[bytes], *, deactivate_missing: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Create or update a User and Person for each row of an HR export; optionally deactivate leavers.

    A problem with the whole file (not UTF-8, unknown or missing columns) raises `ImportFileError` before
    anything is written. A bad row is rejected with its line number and reason; every good row is saved in its
    own transaction, so one bad row never undoes another. With `deactivate_missing`, active people whose email
    is not in the file are deactivated, except operators. New people get an unusable password: they sign in
    through single sign-on or by resetting their password.
    """
    header_line, header, records = _read_csv(_decode(rows_file.read()))
    columns = _check_header(header_line, header)
    report = ImportReport()
    rows: list[StaffRow] = []
    emails_in_file: set[str] = set()
    first_seen: dict[str, int] = {}
    for line, values in records:
        row_or_reason = _clean_row(line, values, columns, first_seen, emails_in_file)
        if isinstance(row_or_reason, StaffRow):
            rows.append(row_or_reason)
        else:
            report.rejected.append(RejectedRow(line, row_or_reason))
    if deactivate_missing and not rows:
        raise ImportFileError(
            "No row in the file could be imported, so deactivating the people missing from it would "
            "deactivate everyone. Nothing was changed."
        )

    everyone = list(User.objects.select_related("person").order_by("pk"))
    users_by_email: dict[str, User] = {}
    for user in everyone:
        users_by_email.setdefault(user.email.lower(), user)
    references = _References.load()

    total = len(records)
    done = len(report.rejected)
    if progress:
        progress(done, total)
    for row in rows:
        references.start_row()
        try:
            outcome = _save_row(row, users_by_email.get(row.email), references)
        except IntegrityError:
            references.forget_row()
            report.rejected.append(
                RejectedRow(
                    row.line,
                    "This row clashed with a change made while the import ran, so it was not saved. "
                    "Run the import again.",
                )
            )
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
        done += 1
        if progress:
            progress(done, total)
    report.rejected.sort(key=lambda rejected: rejected.line)

    if deactivate_missing:
        report.deactivated = _deactivate(
            user.pk
            for user in everyone
            if user.is_active
            and not (user.is_staff or user.is_superuser)
            and user.email.lower() not in emails_in_file
        )
    return report


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"Line {number} contains bytes that are not UTF-8 (the first is 0x{line[exc.start]:02X}), "
                'so nothing was imported. Save the file as "CSV UTF-8" and try again.'
            ) from None
    raise ImportFileError(
        'The file is not UTF-8 text, so nothing was imported. Save it as "CSV UTF-8" and try again.'
    )


def _read_csv(text: str) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header's line number, the header, and each non-blank record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header_line, header = 0, None
    records: list[tuple[int, list[str]]] = []
    last_line = 0
    try:
        for values in reader:
            start, last_line = last_line + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue
            if header is None:
                header_line, header = start, values
            else:
                records.append((start, values))
    except csv.Error as exc:
        raise ImportFileError(
            f"Line {last_line + 1} could not be read as CSV ({exc}), so nothing was imported."
        ) from None
    if header is None:
        raise ImportFileError(
            f"The file is empty. It needs a header row naming its columns: {', '.join(COLUMNS)}."
        )
    return header_line, header, records


def _check_header(line: int, header: Sequence[str]) -> list[str]:
    columns = [name.strip().lower() for name in header]
    unknown = [
        f'"{header[index].strip()}"' if name else f"a column with no heading (column {index + 1})"
        for index, name in enumerate(columns)
        if name not in COLUMNS
    ]
    if unknown:
        noun = "a column" if len(unknown) == 1 else "columns"
        raise ImportFileError(
            f"The header on line {line} has {noun} this import does not recognise: {', '.join(unknown)}. "
            f"The columns it reads are: {', '.join(COLUMNS)}. Nothing was imported."
        )
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        names = ", ".join(f'"{name}"' for name in repeated)
        raise ImportFileError(
            f"The header on line {line} names {names} more than once. Nothing was imported."
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        names = " and ".join(f'"{name}"' for name in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise ImportFileError(
            f"The header on line {line} has no {names} {noun}; every file needs "
            f"{' and '.join(REQUIRED_COLUMNS)}. Nothing was imported."
        )
    return columns


_LINE_BREAKS = re.compile(r"\s*[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+\s*")


def _one_line(value: str) -> str:
    """A cell as one line: a spreadsheet's wrapped text or tab becomes one space, ends are trimmed. Any other
    control or invisible character is left for the row to be refused."""
    return _LINE_BREAKS.sub(" ", value).strip()


def _clean_row(
    line: int, values: list[str], columns: list[str], first_seen: dict[str, int], emails_in_file: set[str]
) -> StaffRow | str:
    """The row ready to save, or the reason it is rejected (every problem found, in one sentence each)."""
    if len(values) != len(columns):
        return f"The row has {len(values)} values but the header names {len(columns)} columns."
    cells = {column: _one_line(value) for column, value in zip(columns, values, strict=True)}
    email = cells["email"].lower()
    if email:
        # Rejected rows count as present too, so nobody in the file is deactivated over a typo elsewhere.
        emails_in_file.add(email)
    problems = [
        f'The {LIMITS[column][0]} "{escape_for_terminal(value)}" contains control or invisible characters '
        "(shown escaped), which cannot be stored."
        for column, value in cells.items()
        if has_forbidden_characters(value)
    ]
    if problems:
        return " ".join(problems)
    if not email:
        problems.append("The email address is missing.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f'"{cells["email"]}" is not a valid email address.')
        else:
            if email in first_seen:
                problems.append(
                    f"The email address {email} is also on line {first_seen[email]}; "
                    "only the first row for each person is imported."
                )
            else:
                first_seen[email] = line
    if not cells["name"]:
        problems.append("The name is missing.")
    for column, value in {**cells, "email": email}.items():
        label, limit = LIMITS[column]
        if len(value) > limit:
            problems.append(f"The {label} is {len(value)} characters long; the most allowed is {limit}.")
    if problems:
        return " ".join(problems)
    return StaffRow(
        line=line,
        email=email,
        name=cells["name"],
        job_title=cells.get("job title"),
        department=cells.get("department"),
        job_family=cells.get("job family"),
        service_area=cells.get("service area"),
    )


def _save_row(row: StaffRow, user: User | None, references: _References) -> Outcome:
    """Write one row in its own transaction. Returns "created", "updated" or "unchanged"."""
    if user is None:
        with transaction.atomic():
            user = User(email=row.email, name=row.name)
            user.set_unusable_password()
            user.save()
            profile = Person(user=user)
            _apply_profile(profile, row, references)
            profile.save()
        return "created"

    user_fields = []
    if user.name != row.name:
        user_fields.append("name")
    if not user.is_active:
        user_fields.append("is_active")
    person = user.person if hasattr(user, "person") else None
    person_changed = person is None or _profile_differs(person, row, references)
    if not user_fields and not person_changed:
        return "unchanged"

    with transaction.atomic():
        if user_fields:
            user.name = row.name
            user.is_active = True
            user.save(update_fields=user_fields)
        if person is None:
            person = Person(user=user)
            _apply_profile(person, row, references)
            person.save()
        elif person_changed:
            changed = _apply_profile(person, row, references)
            person.save(update_fields=[*changed, "updated_at"])
    return "updated"


def _profile_differs(person: Person, row: StaffRow, references: _References) -> bool:
    return (
        (row.job_title is not None and person.job_title != row.job_title)
        or (
            row.department is not None
            and not references.departments.matches(person.department_id, row.department)
        )
        or (
            row.job_family is not None
            and not references.job_families.matches(person.job_family_id, row.job_family)
        )
        or (
            row.service_area is not None
            and not references.service_areas.matches(person.service_area_id, row.service_area)
        )
    )


def _apply_profile(person: Person, row: StaffRow, references: _References) -> list[str]:
    """Set the details the file gives, creating departments and the like as needed. Returns the fields set."""
    changed: list[str] = []
    if row.job_title is not None:
        person.job_title = row.job_title
        changed.append("job_title")
    if row.department is not None:
        person.department = references.departments.get_or_create(row.department) if row.department else None
        changed.append("department")
    if row.job_family is not None:
        person.job_family = references.job_families.get_or_create(row.job_family) if row.job_family else None
        changed.append("job_family")
    if row.service_area is not None:
        person.service_area = (
            references.service_areas.get_or_create(row.service_area) if row.service_area else None
        )
        changed.append("service_area")
    return changed


def _deactivate(user_ids: Iterable[int]) -> int:
    ids = list(user_ids)
    deactivated = 0
    with transaction.atomic():
        for start in range(0, len(ids), DEACTIVATE_BATCH):
            batch = ids[start : start + DEACTIVATE_BATCH]
            deactivated += User.objects.filter(pk__in=batch, is_active=True).update(is_active=False)
    return deactivated
