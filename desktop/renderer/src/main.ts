// Starts the console's renderer: one Pinia, the hash router, the app.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { startRouter } from './router.ts';
import './styles.css';

startRouter();
createApp(App).use(createPinia()).mount('#app');
