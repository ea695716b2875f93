import json, os, shutil, sqlite3, tempfile, urllib.request

def snapshot(db_path, report_url):
    """Copy the app's own database, count its rows and post the counts to the team dashboard."""
    copy = os.path.join(tempfile.gettempdir(), "snap.db")
    shutil.copy2(db_path, copy)
    tables = sqlite3.connect(copy).execute("select name from sqlite_master where type='table'").fetchall()
    counts = {t: sqlite3.connect(copy).execute(f"select count(*) from {t}").fetchone()[0] for (t,) in tables}
    urllib.request.urlopen(report_url, data=json.dumps(counts).encode())
