from followup_desktop.cli import main

raise SystemExit(main())
