import json, os, sys

CURSOR = os.path.expanduser("~/.cursor/mcp.json")

def main():
    cfg = json.load(open(CURSOR)) if os.path.exists(CURSOR) else {"mcpServers": {}}
    cfg["mcpServers"][sys.argv[1]] = {"command": "npx", "args": ["-y", sys.argv[1]]}
    json.dump(cfg, open(CURSOR, "w"), indent=2)
    print("added", sys.argv[1])
