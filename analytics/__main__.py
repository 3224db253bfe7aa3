from analytics.cli.main import main

main()
