import type { AxiosError, AxiosInstance, AxiosStatic } from 'axios';

export interface IAxiosRetryConfig {
  retries?: number;
  retryCondition?: (error: AxiosError) => boolean | Promise<boolean>;
  retryDelay?: (retryCount: number, error: AxiosError) => number;
}

declare function axiosRetry(axios: AxiosStatic | AxiosInstance, config?: IAxiosRetryConfig): void;
declare namespace axiosRetry {
  function isNetworkError(error: AxiosError): boolean;
  function isRetryableError(error: AxiosError): boolean;
  function isIdempotentRequestError(error: AxiosError): boolean;
  function isNetworkOrIdempotentRequestError(error: AxiosError): boolean;
  function exponentialDelay(retryNumber?: number): number;
}
export default axiosRetry;
