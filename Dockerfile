# callbench as a container image: the CLI (`callbench` on PATH, running the TypeScript sources
# through tsx, a runtime dependency), the reference agent, and the example scenarios, installed
# once at build time — pods and CI jobs start without `npm ci`.
#
#   docker build -t callbench .
#   docker run --rm -v "$PWD/reports:/work/reports" callbench \
#     load /app/scenarios --agent wss://agent.example.com/media --vus 20 --duration 2m -o reports/load
#
# Your own scenarios: mount them (-v "$PWD/my-scenarios:/scenarios:ro", then `load /scenarios …`) or
# bake them in (FROM callbench, COPY my-scenarios /scenarios). Recorded-digit turns need the FSDD
# recordings: mount them and set CALLBENCH_FSDD_DIR.
FROM node:20-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY lib ./lib
COPY src ./src
COPY agent ./agent
COPY scenarios ./scenarios
RUN chmod +x bin/callbench.js \
 && ln -s /app/bin/callbench.js /usr/local/bin/callbench \
 && mkdir -p /work && chown node:node /work

# Runs as the unprivileged `node` user; relative --out and the speech cache (recordings/.cache)
# land in /work: mount a volume there (or at /reports) to keep them.
USER node
WORKDIR /work
ENTRYPOINT ["callbench"]
CMD ["--help"]
