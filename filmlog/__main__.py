from filmlog.cli import main

main()
