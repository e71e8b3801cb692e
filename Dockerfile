# Builds either app: docker build --build-arg APP=backend|analytics .
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
ARG APP=backend
RUN npx nest build ${APP}

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
ARG APP=backend
COPY --from=build /src/dist/apps/${APP} ./dist
USER node
CMD ["node", "dist/main.js"]
