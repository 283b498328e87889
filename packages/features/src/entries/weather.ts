// `@powercast/features/weather`: JMA weather text (observed, or a forecast's code and phrase) to
// category, and the temperature features.
export { categoriseWeather, WEATHER_CATEGORIES, type WeatherCategory } from '../weather.js';
export { temperatureFeatures, type TemperatureFeatures, type TemperatureThresholds } from '../temperature.js';
export { categoriseForecastWeather, type ForecastWeatherSource } from '../forecast-weather.js';
