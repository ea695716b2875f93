'use strict';
const puppeteer = require('puppeteer-core');
const { executablePath } = require('./paths');
const { config } = require('../package.json');

async function withPage(fn, opts = {}) {
  const browser = await puppeteer.launch({
    executablePath: process.env.HEADLESS_SHOT_EXECUTABLE || executablePath(config.chromeVersion),
    headless: 'shell',
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: opts.width || 1280, height: opts.height || 800 });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

exports.screenshot = (url, file, opts) =>
  withPage(async (page) => {
    await page.goto(url, { waitUntil: 'networkidle2' });
    await page.screenshot({ path: file, fullPage: Boolean(opts && opts.fullPage) });
  }, opts);

exports.pdf = (url, file) =>
  withPage(async (page) => {
    await page.goto(url, { waitUntil: 'networkidle2' });
    await page.pdf({ path: file, format: 'A4', printBackground: true });
  });
