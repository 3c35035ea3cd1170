"""Property-based tests of the staff import: whatever the HR file says, the import answers and stores clean text."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from copse.accounts.importing import COLUMNS, ImportFileError, import_staff
from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User
from copse.core.text import has_forbidden_characters

# Text with what an attacker or a broken export would put in a cell: terminal escapes, line breaks, NUL,
# bidirectional overrides, zero-width characters, quotes and commas, and letters that change length in lower case.
NASTY = "\x00\x1b\x07\x9b\r\n\t\u202e\u2066\u200b\ufeff\u00a0\u2028\"',;İß "
cell = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(NASTY + "abcXYZ"), max_size=20),
    st.sampled_from(["", " ", "Finance", "FINANCE", "Estates", "Clerk"]),
)
email = st.one_of(
    st.emails(),
    st.sampled_from(["ann@example.org", "ANN@example.org", "raj@example.org", "not-an-email"]),
    st.builds(lambda local, bad: f"{local}{bad}@example.org", st.sampled_from(["ann", "raj"]), cell),
    cell,
)
row = st.tuples(email, *(cell for _ in COLUMNS[1:]))


def staff_csv(rows: list[tuple[str, ...]]) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8", "surrogatepass"))


def stored() -> list[tuple[object, ...]]:
    return [
        *User.objects.order_by("pk").values_list("pk", "email", "name", "is_active"),
        *Person.objects.order_by("pk").values_list(
            "pk", "job_title", "department_id", "job_family_id", "service_area_id", "updated_at"
        ),
        *Department.objects.order_by("pk").values_list("pk", "name"),
        *JobFamily.objects.order_by("pk").values_list("pk", "name"),
        *ServiceArea.objects.order_by("pk").values_list("pk", "name", "slug"),
    ]


class ImportStaffPropertyTests(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=st.lists(row, max_size=6))
    def test_any_file_is_imported_or_refused_clean_and_a_rerun_changes_nothing(
        self, rows: list[tuple[str, ...]]
    ) -> None:
        content = staff_csv(rows).getvalue()
        try:
            report = import_staff(io.BytesIO(content))
        except ImportFileError:
            assert not User.objects.exists()
            return

        rows_read = [r for r in rows if any(value.strip() for value in r)]  # blank rows are skipped
        assert report.created + report.updated + report.unchanged + len(report.rejected) == len(rows_read)
        texts = [
            *User.objects.values_list("name", flat=True),
            *User.objects.values_list("email", flat=True),
            *Person.objects.values_list("job_title", flat=True),
            *Department.objects.values_list("name", flat=True),
            *JobFamily.objects.values_list("name", flat=True),
            *ServiceArea.objects.values_list("name", flat=True),
        ]
        assert not [text for text in texts if has_forbidden_characters(text) or text != text.strip()]
        assert all(email == email.lower() for email in User.objects.values_list("email", flat=True))
        assert all(not has_forbidden_characters(rejected.reason) for rejected in report.rejected)

        before = stored()
        again = import_staff(io.BytesIO(content))

        assert (again.created, again.updated) == (0, 0)
        assert again.unchanged == report.created + report.updated + report.unchanged
        assert stored() == before
