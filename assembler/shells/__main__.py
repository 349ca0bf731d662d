"""``python -m assembler.shells``: regenerate templates/pleading.docx."""

from assembler.shells.build import main

raise SystemExit(main())
