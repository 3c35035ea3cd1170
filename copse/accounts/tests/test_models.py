"""The user manager and the people it creates."""

from django.test import TestCase

from copse.accounts.models import Person, User
from copse.testing import PASSWORD, UserFactory


class UserManagerTests(TestCase):
    def test_create_user_lowercases_the_whole_email_address(self):
        user = User.objects.create_user("Sam.Smith@Example.ORG", password=PASSWORD, name="Sam Smith")

        self.assertEqual(user.email, "sam.smith@example.org")
        self.assertEqual(User.objects.get(pk=user.pk).email, "sam.smith@example.org")

    def test_create_user_stores_a_hashed_password(self):
        user = User.objects.create_user("sam@example.org", password=PASSWORD, name="Sam Smith")

        self.assertNotEqual(user.password, PASSWORD)
        self.assertTrue(user.check_password(PASSWORD))

    def test_create_user_makes_an_ordinary_active_person(self):
        user = User.objects.create_user("sam@example.org", password=PASSWORD, name="Sam Smith")

        self.assertTrue(user.is_active)
        self.assertFalse(user.is_staff)
        self.assertFalse(user.is_superuser)
        self.assertFalse(user.is_programme_team)

    def test_create_user_requires_an_email_address(self):
        with self.assertRaisesMessage(ValueError, "An email address is required."):
            User.objects.create_user("", password=PASSWORD, name="No Email")
        self.assertFalse(User.objects.exists())

    def test_create_superuser_gives_operator_access(self):
        user = User.objects.create_superuser("Ops@Example.org", password=PASSWORD, name="Oscar Operator")

        self.assertEqual(user.email, "ops@example.org")
        self.assertTrue(user.is_staff)
        self.assertTrue(user.is_superuser)
        self.assertTrue(user.is_active)
        self.assertTrue(user.check_password(PASSWORD))


class UserTests(TestCase):
    def test_user_is_shown_by_name(self):
        self.assertEqual(str(UserFactory(name="Leah Lead", email="lead@example.org")), "Leah Lead")

    def test_user_without_a_name_is_shown_by_email(self):
        self.assertEqual(str(UserFactory(name="", email="lead@example.org")), "lead@example.org")

    def test_short_name_is_the_first_name(self):
        self.assertEqual(UserFactory(name="Leah Lead").get_short_name(), "Leah")


class PersonTests(TestCase):
    def test_profile_timezone_defaults_to_london(self):
        user = User.objects.create_user("sam@example.org", password=PASSWORD, name="Sam Smith")

        person = Person.objects.create(user=user)

        self.assertEqual(person.timezone, "Europe/London")
        self.assertEqual(Person.objects.get(pk=user.pk).timezone, "Europe/London")

    def test_profile_is_shown_by_its_persons_name(self):
        self.assertEqual(str(UserFactory(name="Sam Smith").person), "Sam Smith")
