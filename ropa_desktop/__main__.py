from ropa_desktop.app import main

raise SystemExit(main())
