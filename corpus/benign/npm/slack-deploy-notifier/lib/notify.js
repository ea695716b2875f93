'use strict';

const COLORS = { start: '#439FE0', success: '#2EB67D', failure: '#E01E5A' };

function ciContext(env = process.env) {
  if (env.GITHUB_ACTIONS) {
    return {
      repo: env.GITHUB_REPOSITORY,
      ref: env.GITHUB_REF_NAME,
      sha: (env.GITHUB_SHA || '').slice(0, 7),
      url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    };
  }
  if (env.GITLAB_CI) {
    return { repo: env.CI_PROJECT_PATH, ref: env.CI_COMMIT_REF_NAME, sha: env.CI_COMMIT_SHORT_SHA, url: env.CI_PIPELINE_URL };
  }
  return { repo: 'local', ref: '', sha: '', url: '' };
}

function buildMessage(status, environment, ctx) {
  const title = { start: 'Deploy started', success: 'Deploy succeeded', failure: 'Deploy FAILED' }[status];
  return {
    attachments: [{
      color: COLORS[status],
      title: `${title}: ${ctx.repo} → ${environment}`,
      title_link: ctx.url || undefined,
      fields: [
        { title: 'Ref', value: ctx.ref || '-', short: true },
        { title: 'Commit', value: ctx.sha || '-', short: true },
      ],
    }],
  };
}

async function notify(status, environment, webhookUrl = process.env.SLACK_WEBHOOK_URL) {
  if (!webhookUrl) throw new Error('SLACK_WEBHOOK_URL is not set (create an incoming webhook in your Slack app)');
  if (!/^https:\/\/hooks\.slack\.com\/services\//.test(webhookUrl)) {
    throw new Error('SLACK_WEBHOOK_URL must be a https://hooks.slack.com/services/... URL');
  }
  const res = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(buildMessage(status, environment, ciContext())),
  });
  if (!res.ok) throw new Error(`Slack answered ${res.status}: ${await res.text()}`);
}

module.exports = { notify, buildMessage, ciContext };
