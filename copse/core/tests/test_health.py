from django.test import TestCase


class HealthzTests(TestCase):
    def test_healthz_answers_200_when_the_database_is_reachable(self) -> None:
        response = self.client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}
