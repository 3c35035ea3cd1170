"""One person per email address, whatever its case: single sign-on and the HR import match people by it."""

from __future__ import annotations

import importlib

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client, TestCase

from copse.accounts.importing import import_staff
from copse.accounts.models import User
from copse.accounts.tests.test_import_staff import HEADER, csv_file
from copse.testing import PASSWORD, UserFactory

migration = importlib.import_module("copse.accounts.migrations.0002_lower_case_email_addresses")


class CaseInsensitiveEmailTests(TestCase):
    def test_an_address_is_stored_in_lower_case_however_it_is_saved(self) -> None:
        user = User(email="Sam.Smith@Example.ORG", name="Sam Smith")
        user.save()

        assert User.objects.get(pk=user.pk).email == "sam.smith@example.org"

    def test_the_database_refuses_an_address_that_differs_only_in_case(self) -> None:
        UserFactory(email="sam.smith@example.org")

        # bulk_create skips save(), as raw SQL or another program would: the database itself refuses it.
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.bulk_create([User(email="Sam.Smith@Example.org", name="Another Sam")])

        assert User.objects.filter(email__iexact="sam.smith@example.org").count() == 1

    def test_model_validation_names_the_clash(self) -> None:
        UserFactory(email="sam.smith@example.org")

        with pytest.raises(ValidationError, match="Someone already has this email address."):
            User(email="SAM.SMITH@example.org", name="Another Sam").validate_constraints()
        with pytest.raises(ValidationError, match="already exists"):
            User(email="SAM.SMITH@example.org", name="Another Sam", password="x").full_clean()

    def test_signing_in_with_capitals_finds_the_person(self) -> None:
        cache.clear()
        UserFactory(email="sam.smith@example.org")

        client = Client()
        response = client.post("/accounts/login/", {"login": "Sam.Smith@Example.org", "password": PASSWORD})

        assert response.status_code == 302
        assert "_auth_user_id" in client.session

    def test_the_hr_import_matches_an_existing_person_whatever_the_case(self) -> None:
        UserFactory(email="sam.smith@example.org", name="Sam Smith")

        report = import_staff(csv_file(HEADER + "SAM.Smith@example.org,Sam Smith,Clerk,,,\n"))

        assert (report.created, report.updated) == (0, 1)
        assert User.objects.get().email == "sam.smith@example.org"


class LowerCaseMigrationTests(TestCase):
    """The data migration that comes before the constraint, on a database that does not have it yet."""

    def setUp(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX user_email_unique_ignoring_case")  # the test's transaction restores it

    def test_addresses_are_lowered(self) -> None:
        User.objects.bulk_create(
            [User(email="Sam.Smith@Example.org", name="Sam"), User(email="ann@example.org", name="Ann")]
        )

        migration.lower_case_email_addresses(User)

        assert sorted(User.objects.values_list("email", flat=True)) == [
            "ann@example.org",
            "sam.smith@example.org",
        ]

    def test_addresses_that_differ_only_in_case_stop_it_and_nothing_changes(self) -> None:
        User.objects.bulk_create(
            [
                User(email="Sam.Smith@Example.org", name="Sam"),
                User(email="sam.smith@example.org", name="Samuel"),
                User(email="Ann@Example.org", name="Ann"),
            ]
        )

        with pytest.raises(
            RuntimeError, match=r"sam\.smith@example\.org: Sam\.Smith@Example\.org \(user \d+\)"
        ):
            migration.lower_case_email_addresses(User)

        assert sorted(User.objects.values_list("email", flat=True)) == [
            "Ann@Example.org",
            "Sam.Smith@Example.org",
            "sam.smith@example.org",
        ]
