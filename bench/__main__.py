from bench.figures import main

raise SystemExit(main())
