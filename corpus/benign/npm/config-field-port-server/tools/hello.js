console.log('lint-dashboard installed; docs at ' + process.env.npm_package_config_docs);
