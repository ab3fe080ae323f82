// Herald uses node:sqlite; this package only satisfies @keyv/test-suite's unused dependency.
throw new Error('sqlite3 is not installed: Herald uses node:sqlite (see test/stubs/no-sqlite3)')
