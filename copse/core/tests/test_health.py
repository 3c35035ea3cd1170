from unittest import mock

from django.db import OperationalError, connection
from django.test import TestCase


class HealthzTests(TestCase):
    def test_healthz_answers_200_when_the_database_is_reachable(self) -> None:
        response = self.client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    def test_healthz_answers_503_when_the_database_is_unreachable(self) -> None:
        with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
            response = self.client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable", "database": "OperationalError"}
