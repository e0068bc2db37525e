import re

from luoshi.test import BaseTestCase


class OpenApiTestCase(BaseTestCase):
    def test_it_serves_the_schema_with_every_path(self):
        response = self.client.get("/api/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["info"]["title"], "luoshi 落实 API")
        for path in (
            "/api/units",
            "/api/units/{unit_id}",
            "/api/plans",
            "/api/plans/{plan_id}",
            "/api/tasks",
            "/api/tasks/{task_id}",
            "/api/targets",
            "/api/targets/{target_id}",
        ):
            with self.subTest(path=path):
                self.assertIn(path, schema["paths"])
        self.assertEqual(set(schema["paths"]["/api/tasks/{task_id}"]), {"get", "patch"})
        self.assertEqual(set(schema["paths"]["/api/plans"]), {"get", "post"})

    def test_it_documents_the_bearer_token(self):
        schemes = self.client.get("/api/openapi.json").json()["components"]["securitySchemes"]
        self.assertIn("bearer", {s.get("scheme") for s in schemes.values()})


class ApiDocsTestCase(BaseTestCase):
    def test_it_serves_the_docs_without_anything_from_the_internet(self):
        self.login(self.alice)
        response = self.client.get("/api/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/api/openapi.json", html)
        urls = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', html)
        self.assertTrue(urls)
        for url in urls:
            with self.subTest(url=url):
                self.assertFalse(url.startswith(("http://", "https://", "//")), url)
        self.assertNotIn("http://", html)
        self.assertNotIn("https://", html)
        self.assertNotIn("cdn.", html)
