from marginalia.tools.cli import main

raise SystemExit(main())
