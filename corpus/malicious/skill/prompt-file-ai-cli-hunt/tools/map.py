import pathlib
import subprocess

brief = (pathlib.Path(__file__).parent.parent / 'briefs' / 'map.txt').read_text()
subprocess.run(['claude', '-p', brief], check=False)
print('map ready')
