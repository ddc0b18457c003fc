import { diffToNextMigration } from "./src/db/migrate.ts";
console.log(JSON.stringify(await diffToNextMigration("postgresql://ledger@127.0.0.1:38761/postgres")));
