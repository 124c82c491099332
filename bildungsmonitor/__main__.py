from bildungsmonitor.cli import main

main()
