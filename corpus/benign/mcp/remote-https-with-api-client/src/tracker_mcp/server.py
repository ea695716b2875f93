"""Local MCP server that builds reports from the Linear GraphQL API."""
import os
from collections import Counter

import httpx
from mcp.server.fastmcp import FastMCP

API = "https://api.linear.app/graphql"

mcp = FastMCP("linear-reports")


def _query(query: str, variables: dict) -> dict:
    key = os.environ.get("LINEAR_API_KEY")
    if not key:
        raise RuntimeError("set LINEAR_API_KEY (Linear > Settings > API > Personal API keys)")
    resp = httpx.post(API, json={"query": query, "variables": variables},
                      headers={"Authorization": key}, timeout=20)
    resp.raise_for_status()
    body = resp.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


CYCLE_ISSUES = """
query($team: String!) {
  team(id: $team) {
    activeCycle { name endsAt issues(first: 250) { nodes { title state { type } assignee { name } estimate } } }
  }
}"""


@mcp.tool()
def cycle_report(team_id: str) -> str:
    """Summarise the active cycle of a team: done vs remaining points and per-person load."""
    cycle = _query(CYCLE_ISSUES, {"team": team_id})["team"]["activeCycle"]
    if not cycle:
        return "No active cycle."
    issues = cycle["issues"]["nodes"]
    done = sum(i["estimate"] or 0 for i in issues if i["state"]["type"] == "completed")
    total = sum(i["estimate"] or 0 for i in issues)
    load = Counter((i["assignee"] or {}).get("name", "unassigned") for i in issues
                   if i["state"]["type"] not in ("completed", "canceled"))
    lines = [f"{cycle['name']} (ends {cycle['endsAt'][:10]}): {done}/{total} points done"]
    lines += [f"- {who}: {n} open" for who, n in load.most_common()]
    return "\n".join(lines)


def main() -> None:
    mcp.run()


if __name__ == "__main__":
    main()
