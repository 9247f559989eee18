/**
 * Runs the bot: `FLASK_CHAT_URL=http://localhost:4000 BOT_NAME=pingbot BOT_CHANNEL=general npm start`
 * (or `npx tsx examples/bot/main.ts` from the project's root).
 */
import { startBot } from './bot.js';

const bot = await startBot({
  url: process.env.FLASK_CHAT_URL ?? 'http://localhost:4000',
  name: process.env.BOT_NAME ?? 'pingbot',
  password: process.env.BOT_PASSWORD,
  channel: process.env.BOT_CHANNEL ?? 'general',
  onEvent: (event) => {
    if (event.type === 'message') return;
    console.log(JSON.stringify(event, (_key, value: unknown) => (value instanceof Error ? value.message : value)));
  },
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void bot.stop());
