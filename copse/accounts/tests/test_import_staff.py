import io
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.accounts.importing import ImportFileError, RejectedRow, import_staff
from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User

HEADER = "email,name,job title,department,job family,service area\n"
TWO_PEOPLE = (
    HEADER
    + "ann.lee@example.org,Ann Lee,Finance Business Partner,Financial Planning,Professional Services,"
    + "Finance\n"
    + "Raj.Patel@Example.org,Raj Patel,Systems Analyst,IT Infrastructure,Technical,Digital and IT Services\n"
)


def staff(email: str, **extra: bool) -> User:
    return User.objects.create_user(email, None, name=email.split("@")[0].title(), **extra)


def csv_file(content: str | bytes) -> io.BytesIO:
    return io.BytesIO(content.encode() if isinstance(content, str) else content)


def run(content: str, **options: bool) -> str:
    """Run the command on a file with this content; return what it printed."""
    stdout = io.StringIO()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "staff.csv"
        path.write_text(content, encoding="utf-8")
        call_command("import_staff", str(path), stdout=stdout, stderr=io.StringIO(), **options)
    return stdout.getvalue()


class CreatingAndUpdatingTests(TestCase):
    def test_creates_people_with_their_profiles(self) -> None:
        report = import_staff(csv_file(TWO_PEOPLE))

        assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, [])
        raj = User.objects.select_related(
            "person__department", "person__job_family", "person__service_area"
        ).get(email="raj.patel@example.org")
        assert raj.name == "Raj Patel"
        assert raj.is_active
        assert not raj.has_usable_password()
        assert raj.person.job_title == "Systems Analyst"
        assert raj.person.department is not None and raj.person.department.name == "IT Infrastructure"
        assert raj.person.job_family is not None and raj.person.job_family.name == "Technical"
        assert raj.person.service_area is not None
        assert raj.person.service_area.slug == "digital-and-it-services"

    def test_service_area_is_matched_ignoring_case(self) -> None:
        finance = ServiceArea.objects.create(name="Finance", slug="finance")

        import_staff(
            csv_file(HEADER + "ann.lee@example.org,Ann Lee,Accountant,Payroll,Technical, FINANCE \n")
        )

        assert Person.objects.get(user__email="ann.lee@example.org").service_area == finance
        assert ServiceArea.objects.count() == 1

    def test_header_ignores_case_and_surrounding_spaces(self) -> None:
        content = " EMAIL , Name ,Job Title\nann.lee@example.org,Ann Lee,Accountant\n"

        report = import_staff(csv_file(content))

        assert report.created == 1
        assert Person.objects.get().job_title == "Accountant"

    def test_updates_changed_details(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))
        changed = TWO_PEOPLE.replace(
            "Ann Lee,Finance Business Partner", "Ann Lee-Smith,Head of Financial Planning"
        )

        report = import_staff(csv_file(changed))

        assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
        ann = User.objects.get(email="ann.lee@example.org")
        assert ann.name == "Ann Lee-Smith"
        assert ann.person.job_title == "Head of Financial Planning"

    def test_moving_department_reuses_one_that_exists(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))

        import_staff(csv_file(TWO_PEOPLE.replace("Financial Planning", "IT Infrastructure")))

        assert Department.objects.count() == 2
        assert Person.objects.get(user__email="ann.lee@example.org").department == Department.objects.get(
            name="IT Infrastructure"
        )

    def test_rerunning_the_same_file_changes_nothing_and_writes_nothing(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))
        Person.objects.update(updated_at=timezone.now() - timedelta(days=1))
        before = list(Person.objects.order_by("pk").values_list("updated_at", flat=True))

        with CaptureQueriesContext(connection) as queries:
            report = import_staff(csv_file(TWO_PEOPLE))

        assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 2, [])
        assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries.captured_queries)
        assert list(Person.objects.order_by("pk").values_list("updated_at", flat=True)) == before

    def test_rerun_query_count_does_not_grow_with_rows(self) -> None:
        def people(n: int) -> str:
            return HEADER + "".join(
                f"p{i}@example.org,Person {i},Clerk,Registry,Technical,Finance\n" for i in range(n)
            )

        import_staff(csv_file(people(50)))
        with CaptureQueriesContext(connection) as two:
            import_staff(csv_file(people(2)))
        with CaptureQueriesContext(connection) as fifty:
            import_staff(csv_file(people(50)))

        assert len(two) == len(fifty)

    def test_a_person_without_a_profile_gets_one(self) -> None:
        User.objects.create_user("ann.lee@example.org", name="Ann Lee")

        report = import_staff(csv_file(TWO_PEOPLE))

        assert (report.created, report.updated) == (1, 1)
        assert Person.objects.get(user__email="ann.lee@example.org").job_title == "Finance Business Partner"

    def test_a_column_left_out_leaves_that_detail_alone(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))

        report = import_staff(csv_file("email,name\nann.lee@example.org,Ann Lee\n"))

        assert report.unchanged == 1
        assert Person.objects.get(user__email="ann.lee@example.org").job_title == "Finance Business Partner"

    def test_a_blank_value_clears_that_detail(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))

        report = import_staff(csv_file(HEADER + "ann.lee@example.org,Ann Lee,Finance Business Partner,,,\n"))

        assert report.updated == 1
        person = Person.objects.get(user__email="ann.lee@example.org")
        assert (person.department, person.job_family, person.service_area) == (None, None, None)

    def test_reports_progress_row_by_row(self) -> None:
        calls: list[tuple[int, int]] = []

        import_staff(
            csv_file(TWO_PEOPLE + "not-an-email,Nobody,,,,\n"), progress=lambda *call: calls.append(call)
        )

        assert calls[0] == (1, 3)
        assert calls[-1] == (3, 3)


class RejectedRowTests(TestCase):
    def test_bad_email_is_rejected_with_its_line_and_reason(self) -> None:
        content = TWO_PEOPLE + "ann.lee-at-example.org,Ann Lee,,,,\n"

        report = import_staff(csv_file(content))

        assert report.created == 2
        assert report.rejected == [RejectedRow(4, '"ann.lee-at-example.org" is not a valid email address.')]

    def test_missing_email_and_name_are_both_reported(self) -> None:
        report = import_staff(csv_file(HEADER + " , ,Clerk,,,\n"))

        assert report.rejected == [RejectedRow(2, "The email address is missing. The name is missing.")]
        assert not User.objects.exists()

    def test_over_long_value_is_rejected(self) -> None:
        content = HEADER + f"ann.lee@example.org,Ann Lee,{'x' * 151},,,\n"

        report = import_staff(csv_file(content))

        assert report.rejected == [
            RejectedRow(2, "The job title is 151 characters long; the most allowed is 150.")
        ]
        assert not User.objects.exists()

    def test_second_row_for_an_email_is_rejected_naming_the_first_line(self) -> None:
        content = (
            TWO_PEOPLE
            + "ANN.LEE@example.org,Ann Lee Again,,,,\n"
            + "ann.lee@example.org,Ann Lee Thrice,,,,\n"
        )

        report = import_staff(csv_file(content))

        assert report.created == 2
        reason = (
            "The email address ann.lee@example.org is also on line 2; "
            "only the first row for each person is imported."
        )
        assert report.rejected == [RejectedRow(4, reason), RejectedRow(5, reason)]
        assert User.objects.get(email="ann.lee@example.org").name == "Ann Lee"

    def test_row_with_the_wrong_number_of_values_is_rejected(self) -> None:
        report = import_staff(csv_file(HEADER + "ann.lee@example.org,Ann Lee,Clerk\n"))

        assert report.rejected == [RejectedRow(2, "The row has 3 values but the header names 6 columns.")]

    def test_line_numbers_count_physical_lines(self) -> None:
        content = HEADER + '\nann.lee@example.org,Ann Lee,"Clerk,\nsecond line",,,\nbad,Bad Email,,,,\n'

        report = import_staff(csv_file(content))

        assert report.created == 1
        assert [rejected.line for rejected in report.rejected] == [5]
        assert Person.objects.get().job_title == "Clerk, second line"

    def test_control_and_invisible_characters_reject_the_row_and_are_named_escaped(self) -> None:
        content = TWO_PEOPLE + "sam@example.org,\x1b[2JPriya Admin,Clerk\u202e,,,\n"

        report = import_staff(csv_file(content))

        assert report.created == 2
        assert report.rejected == [
            RejectedRow(
                4,
                'The name "\\x1b[2JPriya Admin" contains control or invisible characters (shown escaped), '
                'which cannot be stored. The job title "Clerk\\u202e" contains control or invisible characters '
                "(shown escaped), which cannot be stored.",
            )
        ]
        assert not User.objects.filter(email="sam@example.org").exists()

    def test_a_null_character_is_refused_before_the_database_sees_it(self) -> None:
        report = import_staff(csv_file(HEADER + "ann.lee@example.org,Ann\x00Lee,,,,\n"))

        assert [rejected.line for rejected in report.rejected] == [2]
        assert not User.objects.exists()

    def test_a_line_break_or_tab_in_a_cell_becomes_one_space(self) -> None:
        report = import_staff(csv_file(HEADER + 'ann.lee@example.org,"Ann\r\n Lee",Clerk\tto the board,,,\n'))

        assert report.created == 1
        user = User.objects.select_related("person").get()
        assert (user.name, user.person.job_title) == ("Ann Lee", "Clerk to the board")

    def test_someone_whose_row_is_refused_for_a_character_is_not_deactivated(self) -> None:
        person = staff("ann.lee@example.org")

        import_staff(
            csv_file(HEADER + "ann.lee@example.org,Ann\u200bLee,,,,\n" + TWO_PEOPLE[len(HEADER) :]),
            deactivate_missing=True,
        )

        person.refresh_from_db()
        assert person.is_active

    def test_a_bad_row_does_not_undo_good_ones(self) -> None:
        content = HEADER + "bad,Bad,,,,\n" + "ann.lee@example.org,Ann Lee,,,,\n" + ",Nobody,,,,\n"

        report = import_staff(csv_file(content))

        assert report.created == 1
        assert [rejected.line for rejected in report.rejected] == [2, 4]
        assert list(User.objects.values_list("email", flat=True)) == ["ann.lee@example.org"]


class RejectedFileTests(TestCase):
    def test_unknown_column_rejects_the_whole_file(self) -> None:
        content = "email,name,grade,Cost Centre\nann.lee@example.org,Ann Lee,7,F100\n"

        with pytest.raises(ImportFileError, match='does not recognise: "grade", "Cost Centre"'):
            import_staff(csv_file(content))

        assert not User.objects.exists()

    def test_missing_required_column_rejects_the_whole_file(self) -> None:
        with pytest.raises(ImportFileError, match='has no "email" column'):
            import_staff(csv_file("name,job title\nAnn Lee,Clerk\n"))

        assert not User.objects.exists()

    def test_repeated_column_rejects_the_whole_file(self) -> None:
        with pytest.raises(ImportFileError, match='names "name" more than once'):
            import_staff(csv_file("email,name,Name\nann.lee@example.org,Ann,Lee\n"))

    def test_empty_file_is_rejected(self) -> None:
        with pytest.raises(ImportFileError, match="The file is empty"):
            import_staff(csv_file(b""))

    def test_bytes_that_are_not_utf8_reject_the_whole_file_naming_the_line(self) -> None:
        content = TWO_PEOPLE.encode() + "zoe.muller@example.org,Zoë Müller,,,,\n".encode("latin-1")

        with pytest.raises(
            ImportFileError, match=r"Line 4 contains bytes that are not UTF-8 \(the first is 0xEB\)"
        ):
            import_staff(csv_file(content))

        assert not User.objects.exists()
        assert not Department.objects.exists()
        assert not JobFamily.objects.exists()

    def test_byte_order_mark_is_accepted(self) -> None:
        report = import_staff(
            csv_file(b"\xef\xbb\xbf" + "email,name\nzoe.muller@example.org,Zoë Müller\n".encode())
        )

        assert report.created == 1
        assert User.objects.get().name == "Zoë Müller"


class DeactivatingLeaversTests(TestCase):
    def test_deactivate_missing_keeps_operators_and_people_in_the_file(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))
        leaver = staff("leaver@example.org")
        operator = staff("it@example.org", is_staff=True)
        superuser = staff("root@example.org", is_superuser=True)
        already_gone = staff("gone@example.org", is_active=False)

        report = import_staff(csv_file(TWO_PEOPLE), deactivate_missing=True)

        assert (report.unchanged, report.deactivated) == (2, 1)
        active = dict(User.objects.values_list("email", "is_active"))
        assert active[leaver.email] is False
        assert active[operator.email] and active[superuser.email]
        assert active[already_gone.email] is False
        assert active["ann.lee@example.org"] and active["raj.patel@example.org"]

    def test_people_are_kept_when_missing_is_not_asked_for(self) -> None:
        leaver = staff("leaver@example.org")

        report = import_staff(csv_file(TWO_PEOPLE))

        assert report.deactivated == 0
        leaver.refresh_from_db()
        assert leaver.is_active

    def test_someone_on_a_rejected_row_is_not_deactivated(self) -> None:
        person = staff("ann.lee@example.org")

        report = import_staff(
            csv_file(HEADER + f"ann.lee@example.org,Ann Lee,{'x' * 151},,,\n" + TWO_PEOPLE[len(HEADER) :]),
            deactivate_missing=True,
        )

        assert report.deactivated == 0
        person.refresh_from_db()
        assert person.is_active

    def test_a_returning_leaver_is_reactivated(self) -> None:
        import_staff(csv_file(TWO_PEOPLE))
        User.objects.filter(email="ann.lee@example.org").update(is_active=False)

        report = import_staff(csv_file(TWO_PEOPLE))

        assert (report.updated, report.unchanged) == (1, 1)
        assert User.objects.get(email="ann.lee@example.org").is_active

    def test_refuses_to_deactivate_everyone_when_no_row_is_good(self) -> None:
        person = staff("ann.lee@example.org")

        with pytest.raises(ImportFileError, match="would deactivate everyone"):
            import_staff(csv_file(HEADER + "Ann Lee,ann.lee@example.org,,,,\n"), deactivate_missing=True)

        person.refresh_from_db()
        assert person.is_active


class ImportStaffCommandTests(TestCase):
    def test_prints_the_summary_then_each_rejected_row(self) -> None:
        stdout = run(TWO_PEOPLE + "bad,Bad Email,,,,\n" + ",,,,,x\n")

        assert stdout.splitlines() == [
            "Created 2, updated 0, unchanged 0, rejected 2, deactivated 0.",
            'Line 4: "bad" is not a valid email address.',
            "Line 5: The email address is missing. The name is missing.",
        ]

    def test_terminal_escapes_in_a_rejected_row_are_printed_escaped(self) -> None:
        stdout = run(HEADER + "\x1b]0;pwned\x07bad,\x1b[2JBad \x9bEmail\u202e,,,,\n")

        assert (
            "\x1b" not in stdout and "\x07" not in stdout and "\x9b" not in stdout and "\u202e" not in stdout
        )
        assert 'Line 2: The email address "\\x1b]0;pwned\\x07bad" contains' in stdout
        assert '"\\x1b[2JBad \\x9bEmail\\u202e"' in stdout

    def test_terminal_escapes_in_a_bad_header_are_printed_escaped(self) -> None:
        with pytest.raises(CommandError) as raised:
            run("email,name,\x1b[2Jgrade\n")

        assert "\x1b" not in str(raised.value)
        assert '"\\x1b[2Jgrade"' in str(raised.value)

    def test_deactivate_missing_option(self) -> None:
        staff("leaver@example.org")

        stdout = run(TWO_PEOPLE, deactivate_missing=True)

        assert stdout == "Created 2, updated 0, unchanged 0, rejected 0, deactivated 1.\n"

    def test_a_bad_file_is_a_command_error_with_exit_code_1(self) -> None:
        with pytest.raises(CommandError, match='does not recognise: "grade"') as raised:
            run("email,name,grade\n")

        assert raised.value.returncode == 1
        assert not User.objects.exists()

    def test_a_missing_file_is_a_command_error(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            missing = Path(directory) / "staff.csv"
            with pytest.raises(CommandError, match=f"Cannot open {missing}: No such file or directory."):
                call_command("import_staff", str(missing), stdout=io.StringIO())
