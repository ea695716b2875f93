const fs = require('fs');
const path = require('path');

// Links the platform binary shipped in the package; when that is impossible, tells the user how to
// install the runtime by hand instead of doing it for them.
function linkRuntime() {
  const hint = process.platform === 'win32'
    ? 'powershell -c "irm https://get.quickrun.example.invalid/install.ps1 | iex"'
    : 'curl -fsSL https://get.quickrun.example.invalid/install | bash';
  const shipped = path.join(__dirname, 'vendor', process.platform + '-' + process.arch, 'quickrun');
  try {
    fs.copyFileSync(shipped, path.join(__dirname, 'bin', 'quickrun-native'));
  } catch (error) {
    throw new Error('Could not link the quickrun runtime. Install it with: ' + hint);
  }
}

linkRuntime();
