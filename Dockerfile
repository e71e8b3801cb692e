# Builds either app: docker build --build-arg APP=backend|analytics .
# Node 24 LTS, pinned by digest (the multi-arch index of node:24-slim) so a rebuild gets the same base image.
# To move it on: docker buildx imagetools inspect node:24-slim (the "Digest:" line), or
# docker pull node:24-slim && docker inspect --format '{{index .RepoDigests 0}}' node:24-slim; replace both FROM lines.
FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
ARG APP=backend
RUN npx nest build ${APP}

FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
ARG APP=backend
COPY --from=build /src/dist/apps/${APP} ./dist
USER node
CMD ["node", "dist/main.js"]
