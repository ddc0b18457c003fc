/**
 * The layering of src/ (ARCHITECTURE.md "Reach across an organization tree": imports flow down
 * only), checked by `npm test` (tests/architecture/layers.test.ts runs `depcruise src`).
 *
 * From the top down:  app/server, cli, seed → routes → (reports presenters, import, http) →
 * domain → auth → (db, files, config) → (core, rules).
 * - core/: the vocabulary every layer shares (errors, names, the actor, labels, org-tree paths).
 * - rules/: the pure quota engine; imports nothing of the app, no Prisma, no Express.
 * A helper two layers need lives in the lower one.
 */
const up = (from, to, comment) => ({
  name: `no-${from}-to-${to.replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "")}`,
  comment,
  severity: "error",
  from: { path: `^src/${from}/` },
  to: { path: `^src/(${to})(/|\\.ts$)` },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Files of src/ never import each other in a loop (type-only imports included).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "rules-are-pure",
      comment: "The quota engine imports only itself (and small pure libraries): no app module, no Prisma, no Express.",
      severity: "error",
      from: { path: "^src/rules/" },
      to: {
        pathNot: "^src/rules/",
        dependencyTypesNot: ["core"],
        path: "^(src/|node_modules/(express|@prisma|prisma|better-sqlite3)/)",
      },
    },
    {
      name: "core-is-the-ground",
      comment: "core/ (errors, names, actor, labels, org-tree paths) imports nothing of src/ but itself.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    up("domain", "routes|reports|import|http|cli|seed|app|server", "The domain answers to no caller: routes, reports, import and http sit above it."),
    up("auth", "domain|routes|reports|import|http|cli|seed|app|server", "Reach and policies sit below the domain, which cuts its queries with them."),
    up("db", "domain|auth|routes|reports|import|http|cli|seed|app|server", "The database layer knows no area."),
    up("reports", "routes|cli|seed|app|server", "Presenters are called by routes and the CLI, never the other way."),
    up("import", "routes|cli|seed|app|server|reports", "Imports write through the domain; they are called by routes and the CLI."),
    up("http", "routes|cli|seed|app|server|reports|import", "HTTP plumbing (errors, locals, uploads) serves the routes."),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".cjs", ".mjs", ".json"],
    },
  },
};
