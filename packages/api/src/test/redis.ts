import { Redis } from 'ioredis';

/** The Redis the tests share (`FC_TEST_REDIS_URL`, default the local one). */
export const REDIS_URL = process.env.FC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at `url` within a second and a half. */
export async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Whether the shared Redis answers. In CI it must; elsewhere its tests are skipped, and `skipped`
 * (what they are) is said once.
 */
export async function requireRedis(skipped: string): Promise<boolean> {
  const answers = await redisAnswers(REDIS_URL);
  if (!answers) {
    if (process.env.CI) throw new Error(`CI needs Redis at ${REDIS_URL}, and it does not answer.`);
    console.warn(`Redis at ${REDIS_URL} does not answer: ${skipped} are skipped (set FC_TEST_REDIS_URL to run them).`);
  }
  return answers;
}
