-- Demo orders A-1001..A-1020 for customers C-40..C-59, all paid in USD and not yet shipped.
-- A-1001 belongs to C-42 so that the examples in the product specification line up.
INSERT INTO orders (order_id, customer_id, status, currency, paid_amount,
                    address_line1, address_line2, address_city, address_postal_code, address_country)
VALUES ('A-1001', 'C-42', 'PAID', 'USD', 120.00, '12 Harbor Street', NULL, 'Boston', '02110', 'US'),
       ('A-1002', 'C-43', 'PAID', 'USD', 45.50, '480 Elm Avenue', 'Apt 3B', 'Chicago', '60614', 'US'),
       ('A-1003', 'C-44', 'PAID', 'USD', 310.00, '9 Canal Road', NULL, 'Portland', '97209', 'US'),
       ('A-1004', 'C-45', 'PAID', 'USD', 89.99, '77 Pine Street', 'Suite 200', 'Seattle', '98101', 'US'),
       ('A-1005', 'C-46', 'PAID', 'USD', 640.00, '301 Lake Shore Drive', NULL, 'Chicago', '60611', 'US'),
       ('A-1006', 'C-47', 'PAID', 'USD', 19.99, '5 Market Square', NULL, 'Pittsburgh', '15222', 'US'),
       ('A-1007', 'C-48', 'PAID', 'USD', 250.00, '1200 Sunset Boulevard', NULL, 'Los Angeles', '90026', 'US'),
       ('A-1008', 'C-49', 'PAID', 'USD', 75.25, '18 Maple Lane', NULL, 'Madison', '53703', 'US'),
       ('A-1009', 'C-50', 'PAID', 'USD', 500.00, '66 River Road', 'Unit 12', 'Austin', '78701', 'US'),
       ('A-1010', 'C-51', 'PAID', 'USD', 132.40, '3 Orchard Court', NULL, 'Denver', '80202', 'US'),
       ('A-1011', 'C-52', 'PAID', 'USD', 58.00, '940 Broadway', 'Floor 4', 'New York', '10003', 'US'),
       ('A-1012', 'C-53', 'PAID', 'USD', 1025.00, '21 Hillcrest Drive', NULL, 'Phoenix', '85004', 'US'),
       ('A-1013', 'C-54', 'PAID', 'USD', 36.75, '402 Oak Street', NULL, 'Nashville', '37203', 'US'),
       ('A-1014', 'C-55', 'PAID', 'USD', 220.00, '15 Beacon Hill', NULL, 'Boston', '02108', 'US'),
       ('A-1015', 'C-56', 'PAID', 'USD', 99.00, '700 Mission Street', 'Apt 9', 'San Francisco', '94103', 'US'),
       ('A-1016', 'C-57', 'PAID', 'USD', 410.10, '28 Quarry Road', NULL, 'Atlanta', '30303', 'US'),
       ('A-1017', 'C-58', 'PAID', 'USD', 12.50, '51 Cedar Way', NULL, 'Minneapolis', '55401', 'US'),
       ('A-1018', 'C-59', 'PAID', 'USD', 175.00, '8 Bay Street', NULL, 'Miami', '33131', 'US'),
       ('A-1019', 'C-40', 'PAID', 'USD', 64.30, '230 Walnut Street', 'Apt 1', 'Philadelphia', '19106', 'US'),
       ('A-1020', 'C-41', 'PAID', 'USD', 299.99, '14 Meridian Street', NULL, 'Indianapolis', '46204', 'US');
