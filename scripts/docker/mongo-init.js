/* global db */
// Runs once, on the first start of the mongodb container (docker-entrypoint-initdb.d), as the root user:
// the backend's own user may read and write its database and nothing else.
db.getSiblingDB(process.env.MONGO_APP_DATABASE).createUser({
  user: process.env.MONGO_APP_USER,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: 'readWrite', db: process.env.MONGO_APP_DATABASE }],
});
