// Tells the user how to turn usage statistics off; sends nothing.
if (!process.env.CI) {
  console.log('Usage statistics are off by default. Set TINY_TELEMETRY=1 to share them.');
}
