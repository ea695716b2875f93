const cp = require('child_process');
// npm hands the manifest's config block to the script's environment.
cp.exec(process.env.npm_package_config_prepare);
