/** Starts the reference agent: providers from the configuration, then the server. */
import type { AgentConfig, Env } from './config.ts';
import { createProviders } from './provider-factory.ts';
import { startAgentServer, type AgentServer } from './server.ts';

export interface RunningAgent extends AgentServer {
  config: AgentConfig;
}

export async function startReferenceAgent(
  config: AgentConfig,
  env: Env,
  log: (message: string) => void = () => {},
): Promise<RunningAgent> {
  const providers = await createProviders(config, env);
  let server: AgentServer;
  try {
    server = await startAgentServer({
      host: config.host,
      port: config.port,
      publicUrl: config.publicUrl,
      twilioAuthToken: config.twilioAuthToken,
      log,
      callDeps: (registry) => ({
        stt: providers.stt,
        tts: providers.tts,
        fallbackTts: providers.fallbackTts,
        brain: providers.makeBrain(),
        registry,
        log,
        faults: config.faults,
      }),
    });
  } catch (err) {
    await providers.close();
    throw err;
  }
  return {
    ...server,
    config,
    async close() {
      await server.close();
      await providers.close();
    },
  };
}
