export { categoriseWeather, WEATHER_CATEGORIES, type WeatherCategory } from './weather.js';
