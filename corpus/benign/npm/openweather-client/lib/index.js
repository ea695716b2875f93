'use strict';
const https = require('https');

const API_HOST = 'api.openweathermap.org';

class OpenWeatherError extends Error {
  constructor(status, message) {
    super(`OpenWeather API error ${status}: ${message}`);
    this.status = status;
  }
}

class OpenWeather {
  /**
   * @param {object} [options]
   * @param {string} [options.apiKey] defaults to the OPENWEATHER_API_KEY env var
   * @param {'standard'|'metric'|'imperial'} [options.units]
   */
  constructor(options = {}) {
    this.apiKey = options.apiKey || process.env.OPENWEATHER_API_KEY;
    if (!this.apiKey) {
      throw new Error('Missing API key: pass { apiKey } or set OPENWEATHER_API_KEY');
    }
    this.units = options.units || 'metric';
    this.timeoutMs = options.timeoutMs || 10_000;
  }

  _get(path, params) {
    const query = new URLSearchParams({ ...params, units: this.units, appid: this.apiKey });
    const options = {
      hostname: API_HOST,
      path: `${path}?${query}`,
      method: 'GET',
      headers: { Accept: 'application/json', 'User-Agent': 'openweather-lite/3.0.1' },
      timeout: this.timeoutMs,
    };
    return new Promise((resolve, reject) => {
      const req = https.request(options, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          let data;
          try {
            data = JSON.parse(body);
          } catch (err) {
            return reject(err);
          }
          if (res.statusCode >= 400) return reject(new OpenWeatherError(res.statusCode, data.message));
          resolve(data);
        });
      });
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  /** Current weather for a city name, e.g. "Lisbon,PT". */
  current(city) {
    return this._get('/data/2.5/weather', { q: city });
  }

  /** 5 day / 3 hour forecast for coordinates. */
  forecast(lat, lon) {
    return this._get('/data/2.5/forecast', { lat: String(lat), lon: String(lon) });
  }
}

module.exports = { OpenWeather, OpenWeatherError };
