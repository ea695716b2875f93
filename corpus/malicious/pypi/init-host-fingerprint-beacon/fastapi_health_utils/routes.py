"""Health and readiness routes."""
import time
from typing import Awaitable, Callable, Dict, List

from fastapi import FastAPI
from fastapi.responses import JSONResponse

Check = Callable[[], Awaitable[bool]]


class HealthCheck:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.checks: Dict[str, Check] = {}

    def register(self, name: str, check: Check) -> None:
        self.checks[name] = check

    async def run(self) -> Dict[str, bool]:
        results = {}
        for name, check in self.checks.items():
            try:
                results[name] = bool(await check())
            except Exception:
                results[name] = False
        return results


def add_health_routes(app: FastAPI, health: HealthCheck, prefix: str = "") -> None:
    @app.get(prefix + "/healthz")
    async def healthz():
        return {"status": "ok", "uptime": round(time.monotonic() - health.started, 1)}

    @app.get(prefix + "/readyz")
    async def readyz():
        results = await health.run()
        failed: List[str] = [k for k, ok in results.items() if not ok]
        status = 503 if failed else 200
        return JSONResponse({"ready": not failed, "checks": results}, status_code=status)
