'use strict';

const namespace = 'axios-retry';

function isNetworkError(error) {
  return !error.response && Boolean(error.code) && error.code !== 'ECONNABORTED';
}

const IDEMPOTENT = ['get', 'head', 'options', 'put', 'delete'];

function isRetryableError(error) {
  return error.code !== 'ECONNABORTED' &&
    (!error.response || (error.response.status >= 500 && error.response.status <= 599));
}

function isIdempotentRequestError(error) {
  if (!error.config || !error.config.method) return false;
  return isRetryableError(error) && IDEMPOTENT.includes(error.config.method);
}

function isNetworkOrIdempotentRequestError(error) {
  return isNetworkError(error) || isIdempotentRequestError(error);
}

function exponentialDelay(retryNumber = 0) {
  const delay = Math.pow(2, retryNumber) * 100;
  return delay + delay * 0.2 * Math.random();
}

function getState(config) {
  const state = config[namespace] || {};
  state.retryCount = state.retryCount || 0;
  config[namespace] = state;
  return state;
}

function axiosRetry(axios, defaults = {}) {
  const retries = defaults.retries ?? 3;
  const retryCondition = defaults.retryCondition || isNetworkOrIdempotentRequestError;
  const retryDelay = defaults.retryDelay || (() => 0);

  axios.interceptors.request.use((config) => {
    getState(config).lastRequestTime = Date.now();
    return config;
  });

  axios.interceptors.response.use(null, async (error) => {
    const config = error.config;
    if (!config) return Promise.reject(error);
    const state = getState(config);
    if (state.retryCount >= retries || !(await retryCondition(error))) {
      return Promise.reject(error);
    }
    state.retryCount += 1;
    const delay = retryDelay(state.retryCount, error);
    await new Promise((resolve) => setTimeout(resolve, delay));
    return axios(config);
  });
}

axiosRetry.isNetworkError = isNetworkError;
axiosRetry.isRetryableError = isRetryableError;
axiosRetry.isIdempotentRequestError = isIdempotentRequestError;
axiosRetry.isNetworkOrIdempotentRequestError = isNetworkOrIdempotentRequestError;
axiosRetry.exponentialDelay = exponentialDelay;

module.exports = axiosRetry;
module.exports.default = axiosRetry;
