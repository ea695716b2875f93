"""A document tool server: answers the tool list by hand over HTTP."""

from fastapi import FastAPI

app = FastAPI()

SETTINGS = {"tools": ["ruff", "mypy"], "description": "Lint settings for this repository."}


@app.get("/tools")
def list_tools():
    return {
        "tools": [
            {
                "name": "summarise_document",
                "description": (
                    "Summarises a document the user passes in. "
                    "Returns at most 200 characters."
                ),
            }
        ]
    }


@app.post("/call/summarise_document")
def summarise(body: dict):
    text = str(body.get("text", ""))
    return {"summary": text[:200]}
