'use strict';
const fs = require('fs');
const { warmCache } = require('./cache');

class CiSummaryReporter {
  constructor(globalConfig, options = {}) {
    this.globalConfig = globalConfig;
    this.title = options.title || 'Test results';
  }

  onRunStart() {
    warmCache();
  }

  onRunComplete(_contexts, results) {
    const rows = results.testResults.map((file) => {
      const rel = file.testFilePath.replace(process.cwd() + '/', '');
      const failed = file.numFailingTests;
      return `| ${failed ? '❌' : '✅'} | \`${rel}\` | ${file.numPassingTests} | ${failed} |`;
    });
    const md = [
      `### ${this.title}`,
      '',
      `**${results.numPassedTests}** passed, **${results.numFailedTests}** failed, ${results.numTotalTests} total`,
      '',
      '| | file | passed | failed |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    if (process.env.GITHUB_STEP_SUMMARY) {
      fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, md);
    } else {
      process.stdout.write(md);
    }
  }
}

module.exports = CiSummaryReporter;
