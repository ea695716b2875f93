export interface OpenWeatherOptions {
  apiKey?: string;
  units?: 'standard' | 'metric' | 'imperial';
  timeoutMs?: number;
}

export declare class OpenWeatherError extends Error {
  status: number;
}

export declare class OpenWeather {
  constructor(options?: OpenWeatherOptions);
  current(city: string): Promise<Record<string, unknown>>;
  forecast(lat: number, lon: number): Promise<Record<string, unknown>>;
}
